//! Files the app keeps for itself (logs, instance locks) are the user's
//! alone: folders `0700`, files `0600`, whatever the umask.

use std::path::Path;

/// Creates `dir` and its missing parents, readable only by the user.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Makes files that `options` creates readable and writable by the user only.
pub fn file_options(options: &mut std::fs::OpenOptions) {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    #[cfg(not(unix))]
    let _ = options;
}
