//! `protect` and `unprotect`: a project file encrypted with a passphrase in
//! the age format, and back (see [`crate::io::protect`]).

use std::io::Write;
use std::path::Path;

use crate::io::protect::{self, WORK_FACTOR};

use super::EXIT_FILE_ERROR;

/// Encrypts the project `file` into `output` with the passphrase in
/// `passphrase_file`'s first line.
pub fn protect_command(file: &Path, output: &Path, err: &mut dyn Write) -> u8 {
    let status = protect_file(file, output, err);
    if status == 0 {
        protect_backup(output, err)
    } else {
        status
    }
}

/// A plain backup beside the protected file (from earlier saves) would
/// keep the project readable: it is protected too.
fn protect_backup(output: &Path, err: &mut dyn Write) -> u8 {
    let backup = crate::io::backup_path(output);
    if !backup.is_file() || crate::io::project_file::is_protected_file(&backup) {
        return 0;
    }
    let result = (|| {
        let passphrase = super::keys::passphrase()?;
        let bytes = read(&backup)?;
        let sealed =
            protect::encrypt(&bytes, &passphrase, WORK_FACTOR).map_err(|e| e.to_string())?;
        crate::io::write_atomic(&backup, &sealed)
            .map_err(|e| format!("cannot write {}: {e}", backup.display()))?;
        let _ = writeln!(err, "its backup is protected too: {}", backup.display());
        Ok(())
    })();
    finish(result, err)
}

fn protect_file(file: &Path, output: &Path, err: &mut dyn Write) -> u8 {
    transform(file, output, err, |bytes, passphrase| {
        if protect::is_protected(bytes) {
            return Err("the file is protected already".to_owned());
        }
        // Only a project is protected: what could not be opened again is
        // not worth hiding.
        let text = std::str::from_utf8(bytes)
            .map_err(|_| "not a project file (not UTF-8 text)".to_owned())?;
        crate::io::load_str(text).map_err(|e| e.with_position().to_string())?;
        protect::encrypt(bytes, passphrase, WORK_FACTOR).map_err(|e| e.to_string())
    })
}

/// Decrypts the protected project `file` into `output`.
pub fn unprotect_command(file: &Path, output: &Path, err: &mut dyn Write) -> u8 {
    transform(file, output, err, |bytes, passphrase| {
        if !protect::is_protected(bytes) {
            return Err("the file is not protected".to_owned());
        }
        protect::decrypt(bytes, passphrase).map_err(|e| e.to_string())
    })
}

/// Reads `file`, turns its bytes with the passphrase, writes `output`
/// (atomically; nothing on failure) and says why not.
fn transform(
    file: &Path,
    output: &Path,
    err: &mut dyn Write,
    turn: impl FnOnce(&[u8], &age::secrecy::SecretString) -> Result<Vec<u8>, String>,
) -> u8 {
    let result = (|| {
        let passphrase = super::keys::passphrase()?;
        let bytes = read(file)?;
        let turned = turn(&bytes, &passphrase).map_err(|e| format!("{}: {e}", file.display()))?;
        crate::io::write_atomic(output, &turned)
            .map_err(|e| format!("cannot write {}: {e}", output.display()))
    })();
    finish(result, err)
}

fn read(file: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    // A protected file is its project plus age's header and chunk tags.
    if size > crate::io::project_file::MAX_READ {
        return Err(format!(
            "{}: the file is too large ({size} bytes)",
            file.display()
        ));
    }
    std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

fn finish(result: Result<(), String>, err: &mut dyn Write) -> u8 {
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_FILE_ERROR
        }
    }
}
