//! Protected projects: a project file encrypted with a passphrase in the
//! standard age format (binary, scrypt passphrase recipient), with the `age`
//! crate rather than cryptography of our own, so that the standard `age`
//! tool opens it if this app is unavailable. A protected file keeps its
//! `.mission.ron` name; it is recognised by age's header line.

use std::io::{Read, Write};

use age::secrecy::SecretString;

/// How every age file begins.
pub const AGE_HEADER: &[u8] = b"age-encryption.org/v1\n";

/// scrypt's work factor (`N = 2^WORK_FACTOR`) for files this app writes:
/// each save and each open runs scrypt once. Measured on this 2-core
/// machine (release): 2^16 takes 0.2 s, so a protected save stays well
/// under the 1 s asked of it; age's own target (about 1 s) would make every
/// save wait a second. The debug build (tests) uses 2^10: unoptimised
/// scrypt at 2^16 takes seconds; a release never does.
pub const WORK_FACTOR: u8 = if cfg!(debug_assertions) { 10 } else { 16 };

/// The largest work factor accepted from a file: scrypt needs
/// `128 × 8 × 2^N` bytes of memory, so a hostile file asking for more would
/// take gigabytes and minutes to try (2^20: 1 GiB and about 5 s here; 2^22
/// took 4 GiB and 20 s, and aborted where memory was limited). age's own
/// tools write 2^18 or calibrate to about a second, which stays below.
pub const MAX_WORK_FACTOR: u8 = 20;

/// The most a protected file adds to its project: age's header (about 150
/// bytes for a passphrase; 4 KiB allowed), the 16-byte nonce and 16 bytes
/// per 64 KiB chunk. Reading a protected file allows this much beyond the
/// project size limit.
pub const MAX_OVERHEAD: u64 = 4096 + 16 + (super::MAX_FILE_SIZE / (64 * 1024) + 1) * 16;

/// How armored age files (`age -a`, text) begin: not read here.
pub const ARMOR_HEADER: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// A passphrase as the app passes it around: shared, never printed, and
/// wiped from memory when the last copy goes.
#[derive(Clone)]
pub struct Passphrase(std::sync::Arc<SecretString>);

impl Passphrase {
    pub fn new(secret: SecretString) -> Self {
        Self(std::sync::Arc::new(secret))
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// The same passphrase object (commands are compared in tests; their
/// secrets never are).
impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Why a protected file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProtectError {
    #[error("the passphrase is not the one this file was protected with")]
    WrongPassphrase,
    #[error("the protected file is cut short (it was not written to the end)")]
    Truncated,
    #[error(
        "the protected file's end does not check out: it was cut short, or its last part is \
         damaged"
    )]
    BadEnd,
    #[error("the protected file is damaged: {0}")]
    Corrupted(String),
    #[error("the file is protected with something other than a passphrase (an age key)")]
    NotPassphrase,
    #[error(
        "the file asks for more work to open than this app allows (a passphrase work factor \
         over 2^{MAX_WORK_FACTOR})"
    )]
    ExcessiveWork,
    #[error("the file could not be protected: {0}")]
    Encrypt(String),
    #[error(
        "the file is an armored (text) age file; decrypt it with the age tool, or protect the \
         project again without -a"
    )]
    Armored,
}

/// Whether `bytes` are an age file (a protected project).
pub fn is_protected(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_HEADER)
}

/// Whether an age file is protected with something other than a
/// passphrase (an age key): then no passphrase is worth asking for.
pub fn needs_a_key(bytes: &[u8]) -> bool {
    age::Decryptor::new_buffered(bytes).is_ok_and(|decryptor| !decryptor.is_scrypt())
}

/// `plain` encrypted with `passphrase` (scrypt at `work_factor`).
pub fn encrypt(
    plain: &[u8],
    passphrase: &SecretString,
    work_factor: u8,
) -> Result<Vec<u8>, ProtectError> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(work_factor);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(|err| ProtectError::Encrypt(err.to_string()))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|err| ProtectError::Encrypt(err.to_string()))?;
    writer
        .write_all(plain)
        .and_then(|()| writer.finish().map(drop))
        .map_err(|err| ProtectError::Encrypt(err.to_string()))?;
    Ok(out)
}

/// The plain bytes of a protected file.
pub fn decrypt(cipher: &[u8], passphrase: &SecretString) -> Result<Vec<u8>, ProtectError> {
    let decryptor = age::Decryptor::new_buffered(cipher).map_err(|err| classify(&err))?;
    if !decryptor.is_scrypt() {
        return Err(ProtectError::NotPassphrase);
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as _))
        .map_err(|err| classify(&err))?;
    let mut plain = Vec::with_capacity(cipher.len());
    reader.read_to_end(&mut plain).map_err(|err| {
        if err.kind() == std::io::ErrorKind::UnexpectedEof {
            // Cut at a chunk's edge: the chunk marked last is missing.
            return ProtectError::Truncated;
        }
        // A chunk that does not authenticate: within the file, it was
        // changed; the last one may also have been cut (the format cannot
        // tell the two apart there).
        if plain.len() as u64 >= last_chunk_start(cipher) {
            ProtectError::BadEnd
        } else {
            ProtectError::Corrupted(err.to_string())
        }
    })?;
    Ok(plain)
}

/// Plain bytes before the last of the payload's 64 KiB chunks (each
/// encrypted one 16 bytes longer), from the file's length after its header
/// and 16-byte nonce.
fn last_chunk_start(cipher: &[u8]) -> u64 {
    const CHUNK: u64 = 64 * 1024;
    const TAG: u64 = 16;
    let header_end = memchr::memmem::find(cipher, b"\n--- ")
        .and_then(|at| memchr::memchr(b'\n', &cipher[at + 1..]).map(|end| at + 1 + end + 1))
        .unwrap_or(cipher.len());
    let payload = (cipher.len() - header_end) as u64;
    let chunks = payload.saturating_sub(16).div_ceil(CHUNK + TAG).max(1);
    (chunks - 1) * CHUNK
}

fn classify(err: &age::DecryptError) -> ProtectError {
    use age::DecryptError as E;
    match err {
        E::DecryptionFailed | E::KeyDecryptionFailed | E::NoMatchingKeys => {
            ProtectError::WrongPassphrase
        }
        E::ExcessiveWork { .. } => ProtectError::ExcessiveWork,
        E::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => ProtectError::Truncated,
        other => ProtectError::Corrupted(other.to_string()),
    }
}

/// The longest passphrase file line read (a device such as /dev/zero, or a
/// wrong file, must not fill memory).
pub const MAX_PASSPHRASE_BYTES: u64 = 4096;

/// A passphrase from a file's first line (as `--passphrase-file` reads it;
/// the line end is not part of it). A pipe works too (`<(pass show …)`);
/// at most [`MAX_PASSPHRASE_BYTES`] are read.
pub fn passphrase_from_file(path: &std::path::Path) -> std::io::Result<SecretString> {
    use std::io::{Error, ErrorKind};
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_PASSPHRASE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    let line = match memchr::memchr(b'\n', &bytes) {
        Some(end) => &bytes[..end],
        None if bytes.len() as u64 > MAX_PASSPHRASE_BYTES => {
            return Err(Error::new(
                ErrorKind::InvalidData,
                format!("the first line is longer than {MAX_PASSPHRASE_BYTES} bytes"),
            ));
        }
        None => &bytes[..],
    };
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // Notepad's byte-order mark is no part of the passphrase.
    let line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    let line = std::str::from_utf8(line)
        .map_err(|_| Error::new(ErrorKind::InvalidData, "the first line is not UTF-8 text"))?;
    if line.is_empty() {
        return Err(Error::other("the passphrase file's first line is empty"));
    }
    Ok(SecretString::from(line.to_owned()))
}
