//! One editor per project file on this computer. The window editing a file
//! holds a lock named after it in the data folder (released by the system
//! even if the app is killed) and, on Unix, listens on a local socket beside
//! it: a second start on the same file asks that window to come forward and
//! leaves, rather than open a second editor whose saves would overwrite the
//! first's. No UI here: the app decides what to say.

use std::fs::File;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What asking for a file came to.
pub enum Claim {
    /// This instance edits the file now (until the claim is dropped).
    Held(FileClaim),
    /// Another instance edits it; it was asked to come forward (`raised`
    /// says whether it answered).
    HeldElsewhere { raised: bool },
}

/// The lock (and, on Unix, the listening socket) of one project file.
pub struct FileClaim {
    project: PathBuf,
    _lock: File,
    /// The listening socket, when it could be made (the lock alone still
    /// keeps a second editor off the file).
    #[cfg(unix)]
    socket: Option<PathBuf>,
    stop: Arc<AtomicBool>,
}

impl FileClaim {
    /// The project file this claim is for.
    pub fn project(&self) -> &Path {
        &self.project
    }
}

/// The folder of instance locks and sockets in the data folder.
pub fn default_dir() -> Option<PathBuf> {
    super::data_folder().map(|dir| dir.join("instances"))
}

/// Names the lock and socket of `project` (its absolute path, hashed: a
/// socket's path must stay short, and the name reveals nothing).
fn key(project: &Path) -> String {
    use sha2::Digest;
    let path = std::fs::canonicalize(project).unwrap_or_else(|_| project.to_path_buf());
    let digest = sha2::Sha256::digest(path.as_os_str().as_encoded_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// Asks for `project` in `dir`. When another instance holds it, asks that
/// one to come forward. `on_raise` runs (on a background thread) each time a
/// later start asks this one to come forward.
pub fn claim(
    dir: &Path,
    project: &Path,
    on_raise: impl Fn() + Send + 'static,
) -> std::io::Result<Claim> {
    super::private::create_dir(dir)?;
    let key = key(project);
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    super::private::file_options(&mut options);
    let lock = options.open(dir.join(format!("{key}.lock")))?;
    // A process this one is starting holds a copy of every open file, and
    // so of a lock just released, between its fork and its exec (a test
    // harness's other tests, "Open the data folder"): ask again briefly
    // before saying another window has the file.
    let mut held = lock.try_lock().is_ok();
    for _ in 0..10 {
        if held {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        held = lock.try_lock().is_ok();
    }
    if !held {
        return Ok(Claim::HeldElsewhere {
            raised: ask_to_raise(dir, &key),
        });
    }
    let stop = Arc::new(AtomicBool::new(false));
    // The lock decides: without the socket this window cannot be brought
    // forward, but the file is still held.
    #[cfg(unix)]
    let socket = match listen(dir, &key, Arc::clone(&stop), on_raise) {
        Ok(socket) => Some(socket),
        Err(_) => {
            log::warn!("instance socket unavailable: this window cannot be brought forward");
            None
        }
    };
    #[cfg(not(unix))]
    drop(on_raise);
    Ok(Claim::Held(FileClaim {
        project: std::path::absolute(project).unwrap_or_else(|_| project.to_path_buf()),
        _lock: lock,
        #[cfg(unix)]
        socket,
        stop,
    }))
}

/// A socket's path must fit `sockaddr_un` (108 bytes with its nul).
#[cfg(unix)]
const MAX_SOCKET_PATH: usize = 100;

/// Where the socket of `key` is: beside its lock, or, when that path is too
/// long for a socket (a deep home folder), in a private folder under the
/// temporary folder named after the instances folder, which both starts
/// compute alike.
#[cfg(unix)]
fn socket_path(dir: &Path, key: &str) -> std::io::Result<PathBuf> {
    let beside = dir.join(format!("{key}.sock"));
    if beside.as_os_str().len() <= MAX_SOCKET_PATH {
        return Ok(beside);
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(dir.as_os_str().as_encoded_bytes());
    let name: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let short = std::env::temp_dir().join(format!("trade-mission-planner-{name}"));
    super::private::create_dir(&short)?;
    // Someone else's folder by that name is not ours to use.
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(&short)?;
        if !meta.is_dir() || meta.uid() != std::fs::metadata(dir)?.uid() {
            return Err(std::io::Error::other("the socket folder is not the user's"));
        }
    }
    let socket = short.join(format!("{key}.sock"));
    if socket.as_os_str().len() > MAX_SOCKET_PATH {
        return Err(std::io::Error::other("no short enough socket path"));
    }
    Ok(socket)
}

#[cfg(unix)]
fn listen(
    dir: &Path,
    key: &str,
    stop: Arc<AtomicBool>,
    on_raise: impl Fn() + Send + 'static,
) -> std::io::Result<PathBuf> {
    use std::os::unix::net::UnixListener;
    let socket = socket_path(dir, key)?;
    // Left by an instance that was killed: the lock is ours, so it is stale.
    let _ = std::fs::remove_file(&socket);
    let listener = UnixListener::bind(&socket)?;
    std::thread::Builder::new()
        .name("instance socket".into())
        .spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::Acquire) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(1)));
                let mut line = String::new();
                // One short line; anything else is ignored.
                let mut reader = std::io::BufReader::new(std::io::Read::take(&stream, 64));
                if reader.read_line(&mut line).is_ok() && line.trim_end() == "raise" {
                    on_raise();
                    let _ = (&stream).write_all(b"ok\n");
                }
            }
        })?;
    Ok(socket)
}

/// Asks the instance holding `key` to come forward; whether it answered.
#[cfg(unix)]
fn ask_to_raise(dir: &Path, key: &str) -> bool {
    use std::os::unix::net::UnixStream;
    let Ok(socket) = socket_path(dir, key) else {
        return false;
    };
    // The holder may be starting: its socket comes just after its lock.
    for _ in 0..20 {
        if let Ok(mut stream) = UnixStream::connect(&socket) {
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
            if stream.write_all(b"raise\n").is_err() {
                return false;
            }
            let mut answer = String::new();
            return std::io::BufReader::new(stream)
                .read_line(&mut answer)
                .is_ok_and(|_| answer.trim_end() == "ok");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}

#[cfg(not(unix))]
fn ask_to_raise(_dir: &Path, _key: &str) -> bool {
    false
}

impl Drop for FileClaim {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        #[cfg(unix)]
        if let Some(socket) = &self.socket {
            // Wakes the listening thread so that it sees `stop` and ends.
            let _ = std::os::unix::net::UnixStream::connect(socket);
            let _ = std::fs::remove_file(socket);
        }
    }
}
