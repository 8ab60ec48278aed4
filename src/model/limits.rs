//! The sizes a project may have. The loader refuses a project over them, so
//! nothing may make one: an edit or import that would break a limit is
//! refused before it is applied, and a save refuses to write one.

use super::{EntityKind, Project};

/// Largest project file read or written.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;
/// Most entities of one kind in a project.
pub const MAX_ENTITIES_PER_KIND: usize = 250_000;
/// Longest text (a draft, a revision, an event's notes, a value a merge
/// conflict records), in bytes.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;
/// Most merge conflicts a project records. The loader stops reading them
/// here, so a file of millions of tiny ones cannot take gigabytes.
pub const MAX_CONFLICTS: usize = 100_000;

/// The longest of the project's limited texts, in bytes.
fn longest_text(project: &Project) -> usize {
    project
        .agreements
        .iter()
        .flat_map(|a| std::iter::once(a.draft.as_str()).chain(a.revisions.iter().map(|r| &*r.text)))
        .chain(project.events.iter().map(|e| e.notes.as_str()))
        .chain(project.conflicts.iter().flat_map(|c| {
            [&c.base, &c.ours, &c.theirs]
                .into_iter()
                .flatten()
                .map(String::as_str)
        }))
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// Says which limit `project` breaks, if any. Cheap enough to run after
/// every edit (a length per text, a count per kind).
pub fn check_limits(project: &Project) -> Result<(), String> {
    for kind in EntityKind::ALL {
        let count = project.count_of(kind);
        if count > MAX_ENTITIES_PER_KIND {
            return Err(format!(
                "the project has {count} {}; at most {MAX_ENTITIES_PER_KIND} are supported",
                kind.plural()
            ));
        }
    }
    if project.conflicts.len() > MAX_CONFLICTS {
        return Err(format!(
            "the project records {} merge conflicts; at most {MAX_CONFLICTS} are supported",
            project.conflicts.len()
        ));
    }
    let longest = longest_text(project);
    if longest > MAX_TEXT_BYTES {
        return Err(format!(
            "a text in the project is {longest} bytes long; at most {MAX_TEXT_BYTES} bytes \
             (8 MiB) are supported"
        ));
    }
    Ok(())
}
