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
    #[cfg(unix)]
    socket: PathBuf,
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
    if lock.try_lock().is_err() {
        return Ok(Claim::HeldElsewhere {
            raised: ask_to_raise(dir, &key),
        });
    }
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    let socket = listen(dir, &key, Arc::clone(&stop), on_raise)?;
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

#[cfg(unix)]
fn listen(
    dir: &Path,
    key: &str,
    stop: Arc<AtomicBool>,
    on_raise: impl Fn() + Send + 'static,
) -> std::io::Result<PathBuf> {
    use std::os::unix::net::UnixListener;
    let socket = dir.join(format!("{key}.sock"));
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
    let socket = dir.join(format!("{key}.sock"));
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
        {
            // Wakes the listening thread so that it sees `stop` and ends.
            let _ = std::os::unix::net::UnixStream::connect(&self.socket);
            let _ = std::fs::remove_file(&self.socket);
        }
    }
}
