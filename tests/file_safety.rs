//! Saves never lose work: backups, failed saves, and a save killed at random moments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use trade_mission_planner::io::backup_path;
use trade_mission_planner::io::project_file::{load_file, save_file};

#[test]
fn each_save_keeps_the_previous_version_as_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.mission.ron");
    let mut project = common::sample();
    save_file(&project, &path).unwrap();
    assert!(
        !backup_path(&path).exists(),
        "nothing to back up the first time"
    );
    project.mission.title = "second".into();
    save_file(&project, &path).unwrap();
    assert_eq!(load_file(&backup_path(&path)).unwrap(), common::sample());
    project.mission.title = "third".into();
    save_file(&project, &path).unwrap();
    assert_eq!(
        load_file(&backup_path(&path)).unwrap().mission.title,
        "second"
    );
    assert_eq!(load_file(&path).unwrap().mission.title, "third");
    assert_eq!(backup_path(&path).file_name().unwrap(), "m.mission.ron.bak");
}

#[test]
fn saving_into_a_missing_folder_fails_and_names_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vanished").join("m.mission.ron");
    let err = save_file(&common::sample(), &path).unwrap_err();
    assert!(
        err.to_string().contains("No such file or directory"),
        "{err}"
    );
    assert!(!path.exists());
}

/// Makes `dir` unwritable even for root (`chattr +i`), or says why it cannot.
fn make_read_only(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(dir.join("probe"), b"x").is_err() {
        return Ok(());
    }
    let _ = std::fs::remove_file(dir.join("probe"));
    let status = Command::new("chattr").arg("+i").arg(dir).status();
    match status {
        Ok(s) if s.success() => Ok(()),
        other => Err(format!(
            "running as root and chattr +i is not available: {other:?}"
        )),
    }
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = Command::new("chattr").arg("-i").arg(dir).status();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn saving_into_a_read_only_folder_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("m.mission.ron");
    save_file(&common::sample(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    if let Err(why) = make_read_only(&folder) {
        make_writable(&folder);
        panic!("cannot make a read-only folder here: {why}");
    }
    let mut changed = common::sample();
    changed.mission.title = "changed".into();
    let result = save_file(&changed, &path);
    make_writable(&folder);
    let err = result.unwrap_err();
    assert!(
        err.to_string().contains("Permission denied")
            || err.to_string().contains("Operation not permitted"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "old file untouched");
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["m.mission.ron"]);
}

/// Kills a process that saves in a loop at random moments, 200 times; the file
/// and its backup must always load, as some complete round.
#[test]
fn killed_saves_never_leave_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stress.mission.ron");
    let exe = env!("CARGO_BIN_EXE_trade-mission-planner");
    let mut seed: u64 = 0x2023_0311;
    let mut kills = 0;
    let mut last_round = None;
    for _ in 0..200 {
        let mut child = Command::new(exe)
            .args(["save-loop", "-o"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_micros(2_000 + (seed >> 33) % 30_000));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        if path.exists() {
            let project =
                load_file(&path).unwrap_or_else(|e| panic!("partial file: {}", e.with_position()));
            let title = project.mission.title.clone();
            assert!(title.starts_with("round "), "{title}");
            last_round = Some(title);
        }
        let backup = backup_path(&path);
        if backup.exists() {
            load_file(&backup).unwrap_or_else(|e| panic!("partial backup: {}", e.with_position()));
        }
    }
    assert!(
        kills >= 200,
        "only {kills} of 200 children were killed mid-run"
    );
    assert!(last_round.is_some(), "some saves completed");
}

// ------------------------------------------------------------------
// Nothing is written that the loader would refuse; special files.

use trade_mission_planner::document::Document;
use trade_mission_planner::edit::{Edit, EditError};
use trade_mission_planner::io::project_file::{MAX_TEXT_BYTES, SaveError};
use trade_mission_planner::io::write_atomic;

/// A draft over the text limit is refused as an edit, and the project
/// stays as it was (the loader would refuse the file it made).
#[test]
fn an_edit_over_a_limit_is_refused_and_changes_nothing() {
    let mut doc = Document::new(common::sample());
    let huge = "x".repeat(MAX_TEXT_BYTES + 1);
    let err = doc
        .apply(Edit::SetDraft {
            agreement: common::MOU_TOKYO,
            text: huge,
        })
        .unwrap_err();
    assert!(matches!(err, EditError::OverLimit(_)), "{err}");
    assert_eq!(doc.project(), &common::sample());
    assert!(!doc.is_dirty());
}

/// A calendar event whose description is over the limit is left out of the
/// import with a note; a batch that would still break a limit (here one
/// made by hand) is refused whole, the normal edits in it too.
#[test]
fn an_import_over_a_limit_is_refused_whole() {
    let description = "y".repeat(MAX_TEXT_BYTES + 10);
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:big@example.org\r\n\
         DTSTART:20230313T010000Z\r\nDTEND:20230313T020000Z\r\nSUMMARY:Big\r\n\
         DESCRIPTION:{description}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let mut doc = Document::new(common::sample());
    let (edits, report) = trade_mission_planner::io::ics::import_ics(doc.project(), &ics).unwrap();
    assert!(edits.is_empty());
    assert!(
        report.notes[0]
            .message
            .contains("more than a project holds (8 MiB); not imported"),
        "{:?}",
        report.notes
    );
    let mut big = common::tokyo_meeting(990, "2023-03-13", "10:00", "11:00", &[]);
    big.notes = description;
    let small = common::tokyo_meeting(991, "2023-03-13", "12:00", "13:00", &[]);
    let batch = Edit::Batch {
        label: "Import calendar".into(),
        edits: [small, big]
            .into_iter()
            .map(|event| Edit::Add {
                entity: trade_mission_planner::model::AnyEntity::Event(event),
                index: None,
            })
            .collect(),
    };
    assert!(matches!(doc.apply(batch), Err(EditError::OverLimit(_))));
    assert_eq!(doc.project(), &common::sample());
}

/// A project over the limits (made in code, not through edits) is not
/// written, and no file appears: a save never leaves what cannot be opened.
#[test]
fn a_project_the_loader_would_refuse_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.mission.ron");
    let mut project = common::sample();
    project.events[0].notes = "z".repeat(MAX_TEXT_BYTES + 1);
    let err = save_file(&project, &path).unwrap_err();
    assert!(matches!(err, SaveError::OverLimit(_)), "{err}");
    assert!(!path.exists());

    // Within every text limit, but over the file size limit.
    let mut project = common::sample();
    for event in project.events.iter_mut().take(9) {
        event.notes = "n".repeat(MAX_TEXT_BYTES - 1);
    }
    let err = save_file(&project, &path).unwrap_err();
    assert!(err.to_string().contains("64 MiB"), "{err}");
    assert!(!path.exists());
}

/// Saving through a symbolic link writes its target; the link stays a link.
#[cfg(unix)]
#[test]
fn a_save_through_a_link_writes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.mission.ron");
    let link = dir.path().join("link.mission.ron");
    save_file(&common::sample(), &target).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut project = common::sample();
    project.mission.title = "Through the link".into();
    save_file(&project, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        load_file(&target).unwrap().mission.title,
        "Through the link"
    );
}

/// A pipe, a folder or a read-only file is never replaced, and says why.
#[cfg(unix)]
#[test]
fn special_and_read_only_targets_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(dir.path());
    let err = save_file(&common::sample(), &fifo).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );

    let folder = dir.path().join("folder.mission.ron");
    std::fs::create_dir(&folder).unwrap();
    assert!(write_atomic(&folder, b"x").is_err());
    assert!(folder.is_dir());

    let read_only = dir.path().join("locked.mission.ron");
    save_file(&common::sample(), &read_only).unwrap();
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&read_only).unwrap();
    let mut project = common::sample();
    project.mission.title = "Changed".into();
    let err = save_file(&project, &read_only).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&read_only).unwrap(), before);
}

/// A named pipe in `dir`.
#[cfg(unix)]
fn make_fifo(dir: &Path) -> std::path::PathBuf {
    let fifo = dir.join("pipe.mission.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    fifo
}

#[cfg(unix)]
trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

#[cfg(unix)]
impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

/// Opening a pipe, a device or a folder answers at once with a message;
/// nothing blocks or reads without end.
#[cfg(unix)]
#[test]
fn reading_a_pipe_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(dir.path());
    for path in [fifo, "/dev/zero".into(), dir.path().to_path_buf()] {
        let (send, receive) = std::sync::mpsc::channel();
        let shown = path.display().to_string();
        std::thread::spawn(move || {
            let _ = send.send(load_file(&path).map(|_| ()).map_err(|e| e.to_string()));
        });
        let answer = receive
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("reading {shown} blocked"));
        let err = answer.unwrap_err();
        assert!(err.contains("not a regular file"), "{shown}: {err}");
    }
    assert!(trade_mission_planner::io::read_regular_file(Path::new("/dev/zero"), 1024).is_err());
}

/// A save removes what killed saves left behind (older than ten minutes),
/// never a temporary file a save in progress may be writing.
#[test]
fn a_save_removes_what_killed_saves_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".tmp-killed.partial");
    let fresh = dir.path().join(".tmp-busy.partial");
    std::fs::write(&stale, "half").unwrap();
    std::fs::write(&fresh, "half").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    save_file(&common::sample(), &dir.path().join("m.mission.ron")).unwrap();
    assert!(!stale.exists());
    assert!(fresh.exists());
}

/// Components nested thousands deep are refused with a line number instead
/// of overflowing the stack.
#[test]
fn a_calendar_nested_thousands_deep_is_refused() {
    let mut ics = String::from("BEGIN:VCALENDAR\r\n");
    for _ in 0..5000 {
        ics.push_str("BEGIN:VEVENT\r\n");
    }
    let err = trade_mission_planner::io::ics::import_ics(&common::sample(), &ics).unwrap_err();
    assert!(err.to_string().contains("line 9:"), "{err}");
    assert!(err.to_string().contains("nested"), "{err}");
}

/// A new project file gets what the user's umask says (a delegate who keeps
/// files private gets a private one); an existing file keeps its mode.
#[cfg(unix)]
#[test]
fn new_files_follow_the_umask_and_replaced_ones_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for (umask, expected) in [("077", 0o600), ("022", 0o644), ("002", 0o664)] {
        let path = dir.path().join(format!("u{umask}.mission.ron"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" sample -o \"$1\""))
            .arg(env!("CARGO_BIN_EXE_trade-mission-planner"))
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(mode(&path), expected, "umask {umask}");
    }
    let shared = dir.path().join("u077.mission.ron");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    trade_mission_planner::io::save_file(&common::sample(), &shared).unwrap();
    assert_eq!(mode(&shared), 0o640);
}

mod one_editor_per_file {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use trade_mission_planner::io::instances::{Claim, claim};

    fn counter() -> (Arc<AtomicUsize>, impl Fn() + Send + 'static) {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        (count, move || {
            seen.fetch_add(1, Ordering::SeqCst);
        })
    }

    #[test]
    fn a_file_held_by_one_window_brings_it_forward_instead_of_opening_twice() {
        let dir = tempfile::tempdir().unwrap();
        let instances = dir.path().join("instances");
        let project = dir.path().join("mission.mission.ron");
        std::fs::write(&project, "()").unwrap();
        let (raised, on_raise) = counter();
        let Claim::Held(first) = claim(&instances, &project, on_raise).unwrap() else {
            panic!("nobody holds it yet");
        };
        assert_eq!(first.project(), project);
        // The same file by another spelling of its path.
        let other_spelling = dir.path().join(".").join("mission.mission.ron");
        let (_, ignored) = counter();
        match claim(&instances, &other_spelling, ignored).unwrap() {
            Claim::HeldElsewhere { raised: answered } => {
                assert!(cfg!(not(unix)) || answered, "the holder answers on Unix")
            }
            Claim::Held(_) => panic!("a second editor on the same file"),
        }
        if cfg!(unix) {
            assert_eq!(raised.load(Ordering::SeqCst), 1);
        }
        // Another file is free; once the first window lets go, so is this one.
        let (_, ignored) = counter();
        let other = dir.path().join("other.mission.ron");
        assert!(matches!(
            claim(&instances, &other, ignored).unwrap(),
            Claim::Held(_)
        ));
        drop(first);
        let (_, ignored) = counter();
        assert!(matches!(
            claim(&instances, &project, ignored).unwrap(),
            Claim::Held(_)
        ));
    }

    /// A deep data folder (a socket's path must fit 108 bytes) and a socket
    /// whose place is taken: the lock alone keeps a second editor off the
    /// file, and a short socket path elsewhere still brings the first
    /// window forward.
    #[cfg(unix)]
    #[test]
    fn the_lock_decides_even_where_the_socket_cannot_be_made() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir
            .path()
            .join("d".repeat(60))
            .join("e".repeat(40))
            .join("instances");
        let project = dir.path().join("mission.mission.ron");
        std::fs::write(&project, "()").unwrap();
        let (raised, on_raise) = counter();
        let Claim::Held(_first) = claim(&deep, &project, on_raise).unwrap() else {
            panic!()
        };
        let (_, ignored) = counter();
        assert!(matches!(
            claim(&deep, &project, ignored).unwrap(),
            Claim::HeldElsewhere { raised: true }
        ));
        assert_eq!(raised.load(Ordering::SeqCst), 1);

        // A folder where the socket goes: held all the same, not raised.
        let instances = dir.path().join("instances");
        let other = dir.path().join("other.mission.ron");
        std::fs::write(&other, "()").unwrap();
        let (_, ignored) = counter();
        let Claim::Held(probe) = claim(&instances, &other, ignored).unwrap() else {
            panic!()
        };
        let socket = std::fs::read_dir(&instances)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "sock"))
            .unwrap();
        drop(probe);
        std::fs::create_dir_all(socket.join("in the way")).unwrap();
        let (_, ignored) = counter();
        let Claim::Held(_held) = claim(&instances, &other, ignored).unwrap() else {
            panic!("the lock is free")
        };
        let (_, ignored) = counter();
        assert!(matches!(
            claim(&instances, &other, ignored).unwrap(),
            Claim::HeldElsewhere { raised: false }
        ));
    }

    /// A killed window leaves its socket behind but not its lock: the next
    /// start takes the file over.
    #[cfg(unix)]
    #[test]
    fn a_socket_left_by_a_killed_window_does_not_hold_the_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let instances = dir.path().join("instances");
        let project = dir.path().join("mission.mission.ron");
        std::fs::write(&project, "()").unwrap();
        let (_, ignored) = counter();
        let Claim::Held(claim_once) = claim(&instances, &project, ignored).unwrap() else {
            panic!()
        };
        let leftovers: Vec<_> = std::fs::read_dir(&instances)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let socket = leftovers
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "sock"))
            .expect("a socket")
            .clone();
        // Forget the claim without its clean-up, as a kill -9 would, by
        // leaving a stale socket file where the listening one was.
        drop(claim_once);
        let stale = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        drop(stale);
        let (raised, on_raise) = counter();
        assert!(matches!(
            claim(&instances, &project, on_raise).unwrap(),
            Claim::Held(_)
        ));
        assert_eq!(raised.load(Ordering::SeqCst), 0);
        // The folder of locks and sockets is the user's alone.
        let mode = std::fs::metadata(&instances).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

/// A log whose place is taken by a link or a FIFO is not written (a link
/// would carry the log elsewhere, a FIFO would block the start).
#[cfg(unix)]
#[test]
fn the_log_is_never_written_through_a_link_or_into_a_fifo() {
    use trade_mission_planner::io::diagnostics::{self, LOG_NAME};
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    let linked = dir.path().join("linked");
    std::fs::create_dir_all(&linked).unwrap();
    std::os::unix::fs::symlink(&victim, linked.join(LOG_NAME)).unwrap();
    assert!(diagnostics::install(&linked).is_err());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    let piped = dir.path().join("piped");
    std::fs::create_dir_all(&piped).unwrap();
    let status = Command::new("mkfifo")
        .arg(piped.join(LOG_NAME))
        .status()
        .unwrap();
    assert!(status.success());
    // Returns (an error) rather than waiting for a reader.
    assert!(diagnostics::install(&piped).is_err());
}

/// The diagnostics log: warnings and errors only, the user's alone, capped
/// and rotated, and nothing of the project in it. (The logger is global:
/// this is the one test of this binary that installs it.)
#[test]
fn the_diagnostics_log_is_private_capped_and_holds_no_project_content() {
    use trade_mission_planner::io::diagnostics::{self, LOG_CAP, LOG_NAME};
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("data/logs");
    diagnostics::install(&logs).unwrap();
    let file = logs.join(LOG_NAME);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&logs), 0o700);
        assert_eq!(mode(&file), 0o600);
    }
    log::info!("an information line is not kept");
    log::debug!(
        target: "egui_glow::painter",
        "\nopengl version: 4.5\nopengl renderer: llvmpipe (LLVM 15.0.6, 256 bits)\nopengl vendor: Mesa"
    );
    // The app opening a broken project whose name and text are confidential.
    let secret = dir.path().join("Secret negotiating position.mission.ron");
    std::fs::write(
        &secret,
        "(format_version: 7, mission: (title: \"Secret position\"",
    )
    .unwrap();
    let app = trade_mission_planner::app::PlannerApp::start(
        Some(secret),
        trade_mission_planner::settings::Settings::default(),
        Box::new(trade_mission_planner::ui::dialogs::NativeDialogs),
        Box::new(jiff::Timestamp::now),
    );
    assert!(app.notices().iter().any(|n| n.is_error));
    log::logger().flush();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(" WARN ") && text.contains("open failed"),
        "{text}"
    );
    assert!(
        !text.contains("information line") && !text.contains("opengl"),
        "{text}"
    );
    assert!(
        !text.to_lowercase().contains("secret"),
        "no project content: {text}"
    );
    assert_eq!(
        diagnostics::renderer().as_deref(),
        Some("llvmpipe (LLVM 15.0.6, 256 bits)")
    );
    let report = diagnostics::report();
    assert!(report.contains(env!("CARGO_PKG_VERSION")), "{report}");
    assert!(report.contains("Renderer: llvmpipe"), "{report}");
    assert!(report.contains("open failed"), "{report}");

    // Capped: one older file kept, each under the cap.
    for n in 0..8_000 {
        log::warn!("warning number {n:05} with some words to fill the line");
    }
    log::logger().flush();
    let older = logs.join(format!("{LOG_NAME}.1"));
    assert!(std::fs::metadata(&file).unwrap().len() <= LOG_CAP);
    assert!(std::fs::metadata(&older).unwrap().len() <= LOG_CAP);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let last = diagnostics::last_lines(3);
    assert_eq!(last.len(), 3);
    assert!(
        last[2].ends_with("warning number 07999 with some words to fill the line"),
        "{last:?}"
    );
}

/// The app's own copies of a project (recovery copies of unsaved work,
/// merge snapshots) are the user's alone, in folders only they can enter,
/// whatever the umask; a project file the user saves still follows it.
#[cfg(unix)]
#[test]
fn recovery_copies_and_snapshots_are_private() {
    use std::os::unix::fs::PermissionsExt;
    use trade_mission_planner::io::lineage::SnapshotStore;
    use trade_mission_planner::io::recovery::RecoveryStore;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    // A folder that was there, open to all, is closed too.
    let recovery = dir.path().join("recovery");
    std::fs::create_dir(&recovery).unwrap();
    std::fs::set_permissions(&recovery, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut store = RecoveryStore::open(&recovery).unwrap();
    store
        .write(&common::sample(), None, jiff::Timestamp::now(), None)
        .unwrap();
    assert_eq!(mode(&recovery), 0o700);
    let files: Vec<_> = std::fs::read_dir(&recovery)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files.len() >= 3, "{files:?}");
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    let snapshots = dir.path().join("snapshots");
    let store = SnapshotStore::open(&snapshots).unwrap();
    store.keep("(format_version: 7)").unwrap();
    assert_eq!(mode(&snapshots), 0o700);
    for file in std::fs::read_dir(&snapshots).unwrap() {
        assert_eq!(mode(&file.unwrap().path()), 0o600);
    }
}

/// eframe's settings file (recent files, the delegate's name) is the user's
/// alone: made `0600` at start, kept whole, and created `0600` when missing,
/// since eframe's own write would create it world-readable. A link or FIFO
/// in its place is left alone.
#[cfg(unix)]
#[test]
fn the_settings_file_is_private_before_eframe_writes_it() {
    use std::os::unix::fs::PermissionsExt;
    use trade_mission_planner::io::private::{SETTINGS_FILE, make_data_folder};
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    make_data_folder(&data).unwrap();
    let settings = data.join(SETTINGS_FILE);
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&settings), 0o600);
    // An empty map: eframe's reader takes it as no settings yet.
    let read: std::collections::HashMap<String, String> =
        ron::from_str(&std::fs::read_to_string(&settings).unwrap()).unwrap();
    assert!(read.is_empty());
    // One written world-readable by an earlier version is closed, unchanged.
    let kept = "{\"app\": \"(zoom: 120)\"}";
    std::fs::write(&settings, kept).unwrap();
    std::fs::set_permissions(&settings, std::fs::Permissions::from_mode(0o644)).unwrap();
    make_data_folder(&data).unwrap();
    assert_eq!(mode(&settings), 0o600);
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), kept);
    // What eframe does next (File::create) keeps that mode.
    std::fs::File::create(&settings).unwrap();
    assert_eq!(mode(&settings), 0o600);
    // A link in its place: the file it names is not touched.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "untouched").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    let linked = dir.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    std::os::unix::fs::symlink(&victim, linked.join(SETTINGS_FILE)).unwrap();
    assert!(make_data_folder(&linked).is_err());
    assert_eq!(mode(&victim), 0o644);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
}

/// The decryption of protected projects, attacked: every cut, many changed
/// bytes, garbage after the header and a file asking scrypt for hours each
/// give an error, quickly, never a panic; only the intact file decrypts.
#[test]
fn protected_files_cut_changed_or_hostile_are_refused() {
    use trade_mission_planner::io::protect::{ProtectError, WORK_FACTOR, decrypt, encrypt};
    let passphrase = age::secrecy::SecretString::from("port of call".to_owned());
    let plain = trade_mission_planner::io::to_ron_string(&common::sample()).unwrap();
    let cipher = encrypt(plain.as_bytes(), &passphrase, WORK_FACTOR).unwrap();
    assert_eq!(decrypt(&cipher, &passphrase).unwrap(), plain.as_bytes());
    let step = (cipher.len() / 97).max(1);
    for cut in (0..cipher.len()).step_by(step) {
        assert!(
            decrypt(&cipher[..cut], &passphrase).is_err(),
            "cut at {cut}"
        );
    }
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..200 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut changed = cipher.clone();
        let at = (seed as usize) % changed.len();
        changed[at] ^= 1 << (seed % 8);
        assert!(decrypt(&changed, &passphrase).is_err(), "byte {at} changed");
    }
    let mut garbage = b"age-encryption.org/v1\n".to_vec();
    garbage.extend((0..5000).map(|i| (i * 31 % 251) as u8));
    assert!(decrypt(&garbage, &passphrase).is_err());
    // A header asking for 2^40 rounds of scrypt, or for 2^21 (2 GiB of
    // memory), is refused before any work.
    let text = String::from_utf8_lossy(&cipher).into_owned();
    for factor in [40, 21] {
        let hostile = text.replacen(&format!(" {WORK_FACTOR}\n"), &format!(" {factor}\n"), 1);
        assert_eq!(
            decrypt(hostile.as_bytes(), &passphrase),
            Err(ProtectError::ExcessiveWork),
            "2^{factor}"
        );
    }
}

/// A protected project just under the size limit opens (protection adds
/// its header and chunk tags beyond it); armored and key-protected age
/// files say what they are instead of asking for a passphrase.
#[test]
fn a_protected_project_at_the_size_limit_opens_and_other_age_files_say_what_they_are() {
    use trade_mission_planner::io::project_file::{LoadError, load_file_with};
    use trade_mission_planner::io::protect::{ProtectError, WORK_FACTOR, encrypt};
    let dir = tempfile::tempdir().unwrap();
    let passphrase = age::secrecy::SecretString::from("port of call".to_owned());
    // Just under the limit; not a project, so that the test shows the size
    // passing without parsing 64 MiB: the error is about the content.
    let limit = usize::try_from(trade_mission_planner::io::MAX_FILE_SIZE).unwrap();
    let plain = vec![b'x'; limit];
    let cipher = encrypt(&plain, &passphrase, WORK_FACTOR).unwrap();
    assert!(cipher.len() > limit);
    let path = dir.path().join("big.mission.ron");
    std::fs::write(&path, &cipher).unwrap();
    let err = load_file_with(&path, Some(&passphrase)).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::NotAProject { .. } | LoadError::Syntax { .. }
        ),
        "{err:?}"
    );
    // One byte over the limit inside is too large, whatever protects it.
    let over = encrypt(&vec![b'x'; limit + 1], &passphrase, WORK_FACTOR).unwrap();
    std::fs::write(&path, &over).unwrap();
    assert!(matches!(
        load_file_with(&path, Some(&passphrase)),
        Err(LoadError::TooLarge { .. })
    ));
    let text = trade_mission_planner::io::to_ron_string(&common::sample()).unwrap();

    let armored = dir.path().join("armored.mission.ron");
    std::fs::write(&armored, "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n").unwrap();
    assert!(matches!(
        load_file_with(&armored, None),
        Err(LoadError::Protection(ProtectError::Armored))
    ));
    // An age file for an X25519 key (no passphrase opens it).
    let key = age::x25519::Identity::generate();
    let recipient = key.to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut for_key = Vec::new();
    let mut writer = encryptor.wrap_output(&mut for_key).unwrap();
    std::io::Write::write_all(&mut writer, &text.as_bytes()[..100]).unwrap();
    writer.finish().unwrap();
    let keyed = dir.path().join("keyed.mission.ron");
    std::fs::write(&keyed, &for_key).unwrap();
    assert!(matches!(
        load_file_with(&keyed, None),
        Err(LoadError::Protection(ProtectError::NotPassphrase))
    ));
}
