//! The real window, driven as a person drives it: the debug binary that
//! `cargo test` built runs under Xvfb (a display with no window manager),
//! gets the X focus, and receives real key presses and clicks from xdotool.
//! Widgets are found by their accessible name through AT-SPI (what a screen
//! reader uses), so the tests also prove that every control they touch has
//! a name. On failure a screenshot is kept and its path printed.
//!
//! [`RealWindow::start`] returns `None`, after printing why, only where the
//! tools cannot be had (`.ci/run` installs them: xvfb, xdotool,
//! imagemagick, dbus, at-spi2-core, python3-pyatspi).
//!
//! Later real-window tests reuse [`RealWindow`].

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// Debian's python3-pyatspi is for the system's Python, not one a version
/// manager put first on the PATH.
const PYTHON: &str = "/usr/bin/python3";

/// A widget as AT-SPI reports it.
#[derive(Debug, Clone)]
pub struct Widget {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    pub role: String,
    pub focused: bool,
    pub name: String,
}

impl Widget {
    fn parse(line: &str) -> Option<Self> {
        let mut parts = line.splitn(7, ' ');
        let mut number = || parts.next()?.parse::<i32>().ok();
        let (x, y, width, height) = (number()?, number()?, number()?, number()?);
        Some(Self {
            x,
            y,
            width,
            height,
            role: parts.next()?.to_owned(),
            focused: parts.next()? == "1",
            name: parts.next().unwrap_or_default().to_owned(),
        })
    }

    pub fn centre(&self) -> (i32, i32) {
        (self.x + self.width / 2, self.y + self.height / 2)
    }
}

/// Real-window tests run one at a time: each starts a display, a bus and a
/// debug build of the app, which is enough load for two cores.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One app instance in its own Xvfb display, D-Bus session and data folder.
pub struct RealWindow {
    xvfb: Child,
    bus: Child,
    /// The accessibility bus's launcher (and so the bus).
    accessibility: Option<Child>,
    app: Option<Child>,
    display: String,
    bus_address: String,
    window: String,
    pub data: tempfile::TempDir,
    /// From starting the app to its window being shown.
    pub appeared_after: Duration,
    _turn: std::sync::MutexGuard<'static, ()>,
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn at_spi_launcher() -> Option<PathBuf> {
    [
        "/usr/libexec/at-spi-bus-launcher",
        "/usr/lib/at-spi2-core/at-spi-bus-launcher",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Reads the first line a child prints (e.g. a display number or a bus address).
fn first_line(child: &mut Child) -> Option<String> {
    let stdout = child.stdout.take()?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).ok()?;
    Some(line.trim().to_owned())
}

impl RealWindow {
    /// Starts the app on `args` (e.g. a project file) in a 1280×800 screen,
    /// with fresh settings, and gives its window the X focus. `None` (with
    /// the reason printed) where the tools are missing.
    pub fn start(args: &[&std::ffi::OsStr]) -> Option<Self> {
        let missing: Vec<&str> = ["Xvfb", "xdotool", "dbus-daemon", PYTHON, "import"]
            .into_iter()
            .filter(|tool| !have(tool))
            .collect();
        let pyatspi = Command::new(PYTHON)
            .args(["-c", "import pyatspi"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let launcher = at_spi_launcher();
        if !missing.is_empty() || !pyatspi || launcher.is_none() {
            eprintln!(
                "SKIPPED real-window test: missing {missing:?}{}{} (.ci/run installs them)",
                if pyatspi { "" } else { ", python3-pyatspi" },
                if launcher.is_some() {
                    ""
                } else {
                    ", at-spi2-core"
                },
            );
            return None;
        }
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut xvfb = Command::new("Xvfb")
            // -noreset: without it the server resets each time its last
            // client (an xdotool call) leaves, and the app connecting then fails.
            .args([
                "-displayfd",
                "1",
                "-noreset",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let display = format!(":{}", first_line(&mut xvfb).expect("Xvfb says its display"));
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        let bus_address = first_line(&mut bus).expect("dbus-daemon says its address");
        let mut window = Self {
            xvfb,
            bus,
            accessibility: None,
            app: None,
            display,
            bus_address,
            window: String::new(),
            data: tempfile::tempdir().expect("a data folder"),
            appeared_after: Duration::ZERO,
            _turn: turn,
        };
        // The accessibility bus, switched on as a screen reader would.
        let launcher = launcher.expect("checked above");
        window.accessibility = window
            .command(launcher.as_os_str())
            .arg("--launch-immediately")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok();
        for property in ["IsEnabled", "ScreenReaderEnabled"] {
            let _ = window
                .command("dbus-send")
                .args([
                    "--session",
                    "--dest=org.a11y.Bus",
                    "--print-reply",
                    "/org/a11y/bus",
                    "org.freedesktop.DBus.Properties.Set",
                    "string:org.a11y.Status",
                    &format!("string:{property}"),
                    "variant:boolean:true",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        window.launch(args);
        Some(window)
    }

    /// Starts the app on `args` in this display and data folder, and waits
    /// for its window.
    fn launch(&mut self, args: &[&std::ffi::OsStr]) {
        // The app's own output is kept for a failure's message.
        let log = std::fs::File::create(self.data.path().join("app.log")).ok();
        let spawned = std::time::Instant::now();
        let app = self
            .command(env!("CARGO_BIN_EXE_trade-mission-planner"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(log.map_or_else(Stdio::null, Stdio::from))
            .spawn()
            .expect("the app starts");
        self.app = Some(app);
        self.window = self
            .wait_for(Duration::from_secs(90), || {
                let out =
                    self.xdotool(&["search", "--onlyvisible", "--name", "Trade Mission Planner"]);
                out.lines().next().map(str::to_owned)
            })
            .unwrap_or_else(|| {
                let log = std::fs::read_to_string(self.data.path().join("app.log"));
                panic!("the app's window did not appear; its output: {log:?}")
            });
        self.appeared_after = spawned.elapsed();
        // The first frames, and AccessKit's tree on the bus.
        self.find("Overview");
        self.give_focus();
    }

    /// Kills the app as a crash or a flat battery would (SIGKILL: nothing
    /// of it runs after), then starts it again on `args` with the same
    /// data folder.
    pub fn crash_and_relaunch(&mut self, args: &[&std::ffi::OsStr]) {
        if let Some(mut app) = self.app.take() {
            let _ = app.kill();
            let _ = app.wait();
        }
        self.launch(args);
    }

    /// A command with this display, bus and data folder.
    /// The app's data folder (recovery copies, settings, logs).
    pub fn data_folder(&self) -> PathBuf {
        self.data.path().join("data/trade-mission-planner")
    }

    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("XDG_DATA_HOME", self.data.path().join("data"))
            .env("XDG_CONFIG_HOME", self.data.path().join("config"))
            .env("NO_AT_BRIDGE", "0")
            .env_remove("WAYLAND_DISPLAY");
        command
    }

    fn xdotool(&self, args: &[&str]) -> String {
        let out = self
            .command("xdotool")
            .args(args)
            .output()
            .expect("xdotool runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls `probe` until it answers or `timeout` passes.
    fn wait_for<T>(&self, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
        let start = Instant::now();
        loop {
            if let Some(found) = probe() {
                return Some(found);
            }
            if start.elapsed() > timeout {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn query(&self, args: &[&str]) -> Vec<Widget> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/atspi_find.py");
        let out = self
            .command(PYTHON)
            .arg(script)
            .args(args)
            .output()
            .expect("python3 runs");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(Widget::parse)
            .collect()
    }

    /// The widget named `name` (waiting up to 10 s for it to appear).
    pub fn find(&self, name: &str) -> Widget {
        self.wait_for(Duration::from_secs(10), || {
            self.query(&[name]).into_iter().next()
        })
        .unwrap_or_else(|| self.fail(&format!("no widget named {name:?} appeared")))
    }

    /// The widget named `name` with this AT-SPI role (e.g. "entry", "push button").
    pub fn find_role(&self, name: &str, role: &str) -> Widget {
        self.wait_for(Duration::from_secs(10), || {
            self.query(&[name, role]).into_iter().next()
        })
        .unwrap_or_else(|| self.fail(&format!("no {role} named {name:?} appeared")))
    }

    /// Whether a widget named `name` shows now.
    pub fn shows(&self, name: &str) -> bool {
        !self.query(&[name]).is_empty()
    }

    /// The text a screen reader is given for the widget named `name`.
    pub fn text_of(&self, name: &str) -> String {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/atspi_find.py");
        let out = self
            .command(PYTHON)
            .arg(script)
            .args(["--text", name])
            .output()
            .expect("python3 runs");
        if !out.status.success() {
            self.fail(&format!("no text for {name:?}"));
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The widget that has the keyboard focus, if any.
    pub fn focused(&self) -> Option<Widget> {
        self.query(&["--focused"]).into_iter().next()
    }

    pub fn click(&self, widget: &Widget) {
        let (x, y) = widget.centre();
        self.xdotool(&["mousemove", &x.to_string(), &y.to_string()]);
        std::thread::sleep(Duration::from_millis(100));
        self.xdotool(&["click", "1"]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Gives the window the X focus: with no window manager, a click does
    /// not, and keys go to the focused window.
    pub fn give_focus(&self) {
        self.xdotool(&["windowfocus", "--sync", &self.window]);
    }

    /// Types `text` with real key presses, `delay_ms` apart.
    pub fn type_text(&self, text: &str, delay_ms: u32) {
        self.give_focus();
        self.xdotool(&["type", "--delay", &delay_ms.to_string(), text]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Presses keys, e.g. "ctrl+s".
    pub fn key(&self, keys: &str) {
        self.give_focus();
        self.xdotool(&["key", keys]);
        std::thread::sleep(Duration::from_millis(400));
    }

    /// The window's title as X knows it.
    pub fn title(&self) -> String {
        self.xdotool(&["getwindowname", &self.window])
            .trim()
            .to_owned()
    }

    /// Waits until the window's title satisfies `wanted`.
    pub fn wait_for_title(&self, wanted: impl Fn(&str) -> bool) -> String {
        self.wait_for(Duration::from_secs(10), || {
            let title = self.title();
            wanted(&title).then_some(title)
        })
        .unwrap_or_else(|| self.fail(&format!("the title stayed {:?}", self.title())))
    }

    /// CPU time the app has used so far, in clock ticks (1/100 s).
    pub fn app_cpu_ticks(&self) -> u64 {
        let pid = self.app.as_ref().map_or(0, Child::id);
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the parenthesised name: utime and stime are 14 and 15.
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        after_name
            .split_whitespace()
            .skip(11)
            .take(2)
            .filter_map(|t| t.parse::<u64>().ok())
            .sum()
    }

    /// Waits for the app to exit by itself; its status, or `None` if it is
    /// still running after `timeout`.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let app = self.app.as_mut()?;
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = app.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// Saves a screenshot of the whole screen.
    pub fn screenshot(&self, path: &Path) {
        let _ = self
            .command("import")
            .args(["-window", "root"])
            .arg(path)
            .status();
    }

    /// Fails the test with a screenshot kept for a person to look at.
    pub fn fail(&self, message: &str) -> ! {
        let shot =
            std::env::temp_dir().join(format!("real-window-failure-{}.png", std::process::id()));
        self.screenshot(&shot);
        panic!("{message} (screenshot: {})", shot.display());
    }
}

impl Drop for RealWindow {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let shot =
                std::env::temp_dir().join(format!("real-window-panic-{}.png", std::process::id()));
            self.screenshot(&shot);
            eprintln!("screenshot of the failure: {}", shot.display());
        }
        for child in [&mut self.app, &mut self.accessibility]
            .into_iter()
            .flatten()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
        // Terminated, not killed, so that it removes its lock and socket.
        let _ = Command::new("kill")
            .arg(self.xvfb.id().to_string())
            .status();
        let _ = self.xvfb.wait();
    }
}

/// A copy of the sample mission in a temporary folder, to open and save.
fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("mission.mission.ron");
    trade_mission_planner::io::project_file::save_file(&common::sample(), &path)
        .expect("sample saved");
    path
}

/// A delegate adds a person and types an e-mail address at about 20
/// characters a second; it is saved whole.
#[test]
fn an_email_typed_at_normal_speed_is_saved_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("People  (6)"));
    window.click(&window.find_role("Add", "push button"));
    window.click(&window.find_role("E-mail", "entry"));
    window.type_text("alex@example.org", 50);
    let focused = window.focused();
    assert!(
        focused
            .as_ref()
            .is_some_and(|w| w.focused && w.role == "entry" && w.name == "E-mail"),
        "the focus stays in the field: {focused:?}"
    );
    window.key("ctrl+s");
    window.wait_for_title(|t| !t.starts_with('●'));
    let saved = load_file(&file).unwrap();
    assert!(
        saved.people.iter().any(|p| p.email == "alex@example.org"),
        "the address is saved whole: {:?}",
        saved.people.iter().map(|p| &p.email).collect::<Vec<_>>()
    );
}

/// Found by a delegate with a screen reader: past a list's toolbar, Tab
/// went through every cell of the table (thirty stops for five ports, none
/// of them shown). It goes from the toolbar to the form; ↓/↑ in the search
/// box choose the row.
#[test]
fn tab_goes_from_a_lists_toolbar_to_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("Ports  (5)"));
    window.key("ctrl+f");
    window.key("Down");
    // Once round: the toolbar, the form, the column headers and edges, then
    // the menus, each stop with a name.
    let mut stops = Vec::new();
    for _ in 0..34 {
        window.key("Tab");
        let focused = window.focused();
        stops.push(
            focused
                .map(|w| format!("{} {}", w.role, w.name))
                .unwrap_or_default(),
        );
    }
    assert_eq!(
        stops[..6],
        [
            "push_button From catalogue…",
            "push_button Add",
            "push_button Duplicate",
            "push_button Delete…",
            "push_button Hide list",
            "entry Name"
        ]
    );
    let unnamed: Vec<&String> = stops.iter().filter(|s| !s.contains(' ')).collect();
    assert!(unnamed.is_empty(), "stops without a name: {stops:?}");
    assert!(
        stops.iter().any(|s| s == "push_button File"),
        "Tab did not come round to the menus: {stops:?}"
    );
}

/// A screen reader is given the lines of a 2,000-line draft near the
/// window and the caret, and typing at its end with the screen reader's
/// interface in use saves every character.
#[test]
fn a_long_draft_is_read_near_the_caret_and_typed_into_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.mission.ron");
    let (project, long) = sample_with_long_draft();
    trade_mission_planner::io::project_file::save_file(&project, &file).unwrap();
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("Agreements  (6)"));
    window.click(&window.find("MOU: Port of Los Angeles – Port of Tokyo"));
    window.click(&window.find("Draft"));
    window.find("Draft text");
    // The editor, not the label above it that gives it its name.
    let editor = window
        .query(&["Draft text"])
        .into_iter()
        .max_by_key(|widget| widget.height)
        .unwrap();
    // Its first line: the editor is as tall as its 2,000 lines, so its
    // middle is far below the window.
    window.click(&Widget {
        height: 40,
        ..editor
    });
    window.key("ctrl+End");
    window.type_text("Signed.", 50);
    let told = window.text_of("Draft text");
    assert!(told.contains("Signed."), "the caret's line is told");
    assert!(
        told.contains("Clause 1999 of"),
        "the lines in view are told"
    );
    assert!(!told.contains("Clause 1 of"), "far lines are not");
    window.key("ctrl+s");
    window.wait_for_title(|t| !t.starts_with('●'));
    let saved = load_file(&file).unwrap();
    let draft = &saved
        .agreements
        .iter()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap()
        .draft;
    assert_eq!(draft, &format!("{long}Signed."));
}

/// Ctrl+O with unsaved work asks before anything is replaced.
#[test]
fn ctrl_o_with_unsaved_work_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("Ports  (5)"));
    window.click(&window.find("Port of Tokyo"));
    window.click(&window.find_role("City", "entry"));
    window.key("ctrl+a");
    window.type_text("Koto", 50);
    window.wait_for_title(|t| t.starts_with('●'));
    window.key("ctrl+o");
    // No system dialog here: the built-in chooser asks for the file.
    let path = window.find_role("Path", "entry");
    window.click(&path);
    window.key("ctrl+a");
    window.type_text(&file.display().to_string(), 5);
    window.key("Return");
    window.find("Save changes?");
    window.click(&window.find_role("Cancel", "push button"));
    assert!(window.title().starts_with('●'), "the edit is still there");
    assert!(!window.shows("Save changes?"));
}

/// A delegate imports an Outlook invitation: the file is read in the
/// background (the window must wake when it is done, with no input), the
/// preview shows, and Enter imports it as the default button.
#[test]
fn a_calendar_is_previewed_then_imported_with_enter() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let invitation = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendars/outlook_invitation.ics");
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("File"));
    window.click(&window.find("Import calendar (.ics)…"));
    let path = window.find_role("Path", "entry");
    window.click(&path);
    window.key("ctrl+a");
    window.type_text(&invitation.display().to_string(), 5);
    window.key("Return");
    window.find(
        "7 events to add, 0 to update, 0 already as they are (5 of them occurrences of \
         repeating events)",
    );
    assert!(
        !window.title().starts_with('●'),
        "nothing changes before Import"
    );
    window.key("Return");
    window.wait_for_title(|t| t.starts_with('●'));
    window.key("ctrl+s");
    window.wait_for_title(|t| !t.starts_with('●'));
    let saved = load_file(&file).unwrap();
    assert_eq!(
        saved
            .events
            .iter()
            .filter(|e| e.recurrence_id.is_some())
            .count(),
        5
    );
}

/// The binary `cargo test` built opens the sample, and a generated project of
/// 10,000 events: the window appears within a generous bound, the idle
/// window uses no CPU over three seconds, and Ctrl+Q closes it cleanly.
#[test]
fn launch_shows_the_window_idles_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let large = dir.path().join("large.mission.ron");
    trade_mission_planner::io::project_file::save_file(
        &trade_mission_planner::synthetic::generate(trade_mission_planner::synthetic::Size::LARGE),
        &large,
    )
    .unwrap();
    for (what, file) in [
        ("the sample", sample_file(dir.path())),
        ("10,000 events", large),
    ] {
        let Some(mut window) = RealWindow::start(&[file.as_os_str()]) else {
            return;
        };
        // The debug build on two busy cores: ten seconds would do on a quiet machine.
        if window.appeared_after > Duration::from_secs(20) {
            window.fail(&format!(
                "{what}: the window took {:?} to appear",
                window.appeared_after
            ));
        }
        // A large file is read after the window appears: settled means read
        // (its name in the title), then the "Opened …" notice leaves after
        // six seconds, with one repaint; from then on nothing may draw until
        // something happens.
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // (The debug build reads 29 MB slowly on two busy cores.)
        if window
            .wait_for(Duration::from_secs(60), || {
                window.title().contains(&name).then_some(())
            })
            .is_none()
        {
            window.fail(&format!("{what}: the file was not read within 60 s"));
        }
        std::thread::sleep(Duration::from_secs(7));
        let before = window.app_cpu_ticks();
        std::thread::sleep(Duration::from_secs(3));
        let used = window.app_cpu_ticks() - before;
        // One tick (10 ms) of slack for the kernel's sampled accounting.
        if used > 1 {
            window.fail(&format!(
                "{what}: the idle window used {used} ticks of CPU in 3 s"
            ));
        }
        window.key("ctrl+q");
        match window.wait_for_exit(Duration::from_secs(10)) {
            Some(status) if status.success() => {}
            Some(status) => window.fail(&format!("{what}: Ctrl+Q ended the app with {status}")),
            None => window.fail(&format!("{what}: Ctrl+Q did not close the window")),
        }
        // eframe wrote its settings as it quit: into the file made private.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let settings = window.data_folder().join("app.ron");
            match std::fs::metadata(&settings) {
                Ok(meta) if meta.permissions().mode() & 0o777 == 0o600 => {}
                Ok(meta) => window.fail(&format!(
                    "{what}: the settings file is {:o}, not 600",
                    meta.permissions().mode() & 0o777
                )),
                Err(err) => window.fail(&format!("{what}: no settings file: {err}")),
            }
        }
    }
}

/// A delegate makes the briefing book with the keyboard: the book is typeset
/// in the background (the window must wake when it is done), Enter is Save
/// PDF…, and the chooser writes the PDF where it is told.
#[test]
fn the_briefing_book_is_previewed_then_saved_with_enter() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let pdf = dir.path().join("book.pdf");
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("File"));
    window.click(&window.find("Export briefing book (.pdf)…"));
    window.find("13 pages; the first 12 shown.");
    window.key("Return");
    let path = window.find_role("Path", "entry");
    window.click(&path);
    window.key("ctrl+a");
    window.type_text(&pdf.display().to_string(), 5);
    window.key("Return");
    // Written atomically: the file appears whole or not at all.
    let started = std::time::Instant::now();
    while !pdf.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    match std::fs::read(&pdf) {
        Ok(bytes) => assert!(bytes.starts_with(b"%PDF-")),
        Err(err) => window.fail(&format!("the PDF was not written: {err}")),
    }
    assert!(
        !window.title().starts_with('●'),
        "exporting changes nothing"
    );
}

/// On the map a click on a marker opens the port's form; from the Ports
/// view the catalogue finds a port typed with real keys, and Enter adds it
/// with its zone; both are saved.
#[test]
fn a_marker_clicked_and_a_catalogue_port_typed_in_the_real_window() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    window.click(&window.find("Map"));
    window.click(&window.find_role("Port of Los Angeles", "push button"));
    window.click(&window.find_role("City", "entry"));
    window.key("ctrl+a");
    window.type_text("San Pedro", 40);
    window.click(&window.find("Ports  (5)"));
    window.click(&window.find("From catalogue…"));
    window.find(
        "17,500 sea ports from UN/LOCODE (UNECE) and the World Port Index (NGA). \
         Misspellings are found too.",
    );
    window.type_text("Kobe", 60);
    window.find("JPUKB  Kobe — Japan");
    let focused = window.focused();
    assert!(
        focused.as_ref().is_some_and(|w| w.role == "entry"),
        "the search box keeps the focus while the list follows: {focused:?}"
    );
    window.key("Return");
    window.find("Ports  (6)");
    window.key("ctrl+s");
    window.wait_for_title(|t| !t.starts_with('●'));
    let saved = load_file(&file).unwrap();
    let kobe = saved.ports.iter().find(|p| p.locode == "JPUKB");
    assert!(
        kobe.is_some_and(|p| p.time_zone == "Asia/Tokyo" && p.name == "Port of Kobe"),
        "{kobe:?}"
    );
    assert_eq!(port(&saved, common::LA).city, "San Pedro");
}

/// A second start on the file a window edits opens no second editor: it
/// brings that window forward and leaves. Then Ctrl+K, typed with real keys,
/// finds an event and goes there.
#[test]
fn a_second_start_on_the_same_file_opens_no_second_editor() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let Some(window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    let second = window
        .command(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .arg(&file)
        .output()
        .expect("the second start runs");
    let said = String::from_utf8_lossy(&second.stderr);
    if !second.status.success()
        || !said.contains(
            "is already open in another Trade Mission Planner window, which was brought forward",
        )
    {
        window.fail(&format!(
            "the second start: {:?}, said {said:?}",
            second.status
        ));
    }
    let windows = window.xdotool(&["search", "--name", "Trade Mission Planner"]);
    if windows.lines().count() != 1 {
        window.fail(&format!("windows: {windows:?}"));
    }
    window.find("This project was opened again: it is here, in this window.");

    window.key("ctrl+k");
    window.type_text("shore power", 50);
    window.key("Return");
    // The palette closed on the event's form in the Events view.
    window.find_role("Title", "entry");
    window.find("Yokohama port visit: cargo-handling equipment and shore power");
    if window.shows("Find anything") {
        window.fail("the palette stayed open");
    }
}

/// Every file under `dirs` holding one of `words`, as "path: word".
fn files_holding(dirs: &[&Path], words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let bytes = std::fs::read(&path).unwrap_or_default();
                for word in words {
                    if memchr::memmem::find(&bytes, word.as_bytes()).is_some() {
                        found.push(format!("{}: {word}", path.display()));
                    }
                }
            }
        }
    }
    found
}

/// A protected project (#19) is opened with its passphrase, edited, saved,
/// edited again, and the app is killed (SIGKILL) with that work unsaved; the
/// next start restores it with the passphrase. At no point is anything of
/// the project readable on disk: not in its folder (file, backup, partial
/// saves) nor in the app's data folder (recovery copies, snapshots,
/// settings, the log).
#[test]
fn a_protected_project_leaves_nothing_in_the_clear_through_a_crash_and_recovery() {
    const PASSPHRASE: &str = "harbour lights at dawn";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mission.mission.ron");
    let plain = trade_mission_planner::io::to_ron_string(&common::sample()).unwrap();
    let sealed = trade_mission_planner::io::protect::encrypt(
        plain.as_bytes(),
        &age::secrecy::SecretString::from(PASSPHRASE.to_owned()),
        trade_mission_planner::io::protect::WORK_FACTOR,
    )
    .unwrap();
    std::fs::write(&file, sealed).unwrap();
    let Some(mut window) = RealWindow::start(&[file.as_os_str()]) else {
        return;
    };
    // The passphrase is asked first; its field has the focus.
    window.find("Protected project");
    window.type_text(PASSPHRASE, 20);
    window.key("Return");
    window.wait_for_title(|t| t.starts_with("mission.mission.ron (protected)"));

    let retype_city = |window: &RealWindow, text: &str| {
        window.click(&window.find("Ports  (5)"));
        window.click(&window.find("Port of Tokyo"));
        window.click(&window.find_role("City", "entry"));
        window.key("ctrl+a");
        window.type_text(text, 20);
        window.wait_for_title(|t| t.starts_with('●'));
    };
    retype_city(&window, "Saved negotiating line");
    window.key("ctrl+s");
    window.wait_for_title(|t| t.starts_with("mission.mission.ron (protected)"));
    retype_city(&window, "Unsaved fallback position");
    // The recovery copy is written two seconds after the last key.
    std::thread::sleep(Duration::from_secs(4));
    window.crash_and_relaunch(&[file.as_os_str()]);

    window.find("Recover unsaved work?");
    window.find("Protected work (its passphrase opens it)");
    window.click(&window.find_role("Restore", "push button"));
    window.find("Protected unsaved work");
    window.type_text(PASSPHRASE, 20);
    window.key("Return");
    window.wait_for_title(|t| t.starts_with("● mission.mission.ron (protected)"));
    window.click(&window.find("Ports  (5)"));
    window.click(&window.find("Port of Tokyo"));
    window.find("Unsaved fallback position");
    window.key("ctrl+s");
    window.wait_for_title(|t| t.starts_with("mission.mission.ron (protected)"));

    let secrets = [
        "Port of Tokyo",
        "drayage",
        "Green shipping corridor",
        "Saved negotiating line",
        "Unsaved fallback position",
    ];
    let exposed = files_holding(&[dir.path(), window.data.path()], &secrets);
    if !exposed.is_empty() {
        window.fail(&format!("in the clear: {exposed:#?}"));
    }
    // The work is all there, for whoever has the passphrase.
    let saved = trade_mission_planner::io::project_file::load_file_with(
        &file,
        Some(&age::secrecy::SecretString::from(PASSPHRASE.to_owned())),
    )
    .unwrap();
    assert!(
        saved
            .ports
            .iter()
            .any(|p| p.city == "Unsaved fallback position")
    );
}
