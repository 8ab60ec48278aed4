//! What differs between two projects, entity by entity and field by field,
//! as lines a person reads (and git shows through `diff` and `show`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Entity, Project};

/// One value as pretty RON: a field a line, texts with real line breaks.
fn pretty<T: Serialize>(value: &T) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n");
    ron::ser::to_string_pretty(value, config)
        .map(|text| crate::io::project_file::raw_newlines(&text))
        .unwrap_or_else(|e| format!("(cannot be written: {e})"))
}

/// The differing lines of two values' texts, `-`/`+` marked: the same on
/// every run (a 200 ms deadline made two runs on the same copies differ).
fn changed_lines(out: &mut String, old: &str, new: &str) {
    super::line_diff::changed_lines(old, new, |side, text| {
        let sign = match side {
            super::line_diff::Side::Delete => '-',
            super::line_diff::Side::Insert => '+',
        };
        let _ = writeln!(out, "  {sign} {}", text.trim_end_matches('\n'));
    });
}

fn compare_list<T: Entity + PartialEq + Serialize>(out: &mut String, old: &[T], new: &[T]) {
    use std::collections::HashMap;
    let in_new: HashMap<T::Id, &T> = new.iter().map(|e| (e.id(), e)).collect();
    let in_old: HashMap<T::Id, &T> = old.iter().map(|e| (e.id(), e)).collect();
    let name = |e: &T| format!("{} \"{}\"", e.entity_ref(), e.display_name());
    for before in old {
        match in_new.get(&before.id()) {
            None => {
                let _ = writeln!(out, "- {}", name(before));
            }
            Some(after) if *after != before => {
                // Written the same (a NaN coordinate is unequal to itself):
                // no difference.
                let (was, now) = (pretty(before), pretty(*after));
                if was != now {
                    let _ = writeln!(out, "~ {}", name(after));
                    changed_lines(out, &was, &now);
                }
            }
            Some(_) => {}
        }
    }
    for after in new.iter().filter(|e| !in_old.contains_key(&e.id())) {
        let _ = writeln!(out, "+ {}", name(after));
        changed_lines(out, "", &pretty(after));
    }
}

/// The differences from `old` to `new`, empty when they are equal.
pub fn compare(old: &Project, new: &Project) -> String {
    let mut out = compare_content(old, new);
    if old.conflicts != new.conflicts {
        let _ = writeln!(out, "~ merge conflicts");
        changed_lines(&mut out, &pretty(&old.conflicts), &pretty(&new.conflicts));
    }
    out
}

/// [`compare`] without the recorded merge conflicts.
pub fn compare_content(old: &Project, new: &Project) -> String {
    let mut out = String::new();
    let part = |out: &mut String, title: &str, old: String, new: String| {
        if old != new {
            let _ = writeln!(out, "~ {title}");
            changed_lines(out, &old, &new);
        }
    };
    part(
        &mut out,
        "mission",
        pretty(&old.mission),
        pretty(&new.mission),
    );
    part(
        &mut out,
        "travel times",
        pretty(&old.schedule),
        pretty(&new.schedule),
    );
    part(
        &mut out,
        "clauses",
        pretty(&old.clauses),
        pretty(&new.clauses),
    );
    compare_list(&mut out, &old.ports, &new.ports);
    compare_list(&mut out, &old.organisations, &new.organisations);
    compare_list(&mut out, &old.people, &new.people);
    compare_list(&mut out, &old.agreements, &new.agreements);
    compare_list(&mut out, &old.corridors, &new.corridors);
    compare_list(&mut out, &old.events, &new.events);
    out
}

/// Agreements whose draft differs between `old` and `new` (by id), with
/// both texts: what a person reads as a redline.
pub fn changed_drafts(old: &Project, new: &Project) -> Vec<(String, String, String)> {
    use std::collections::HashMap;
    let in_new: HashMap<_, _> = new.agreements.iter().map(|a| (a.id, a)).collect();
    old.agreements
        .iter()
        .filter_map(|before| {
            let after = in_new.get(&before.id)?;
            (after.draft != before.draft).then(|| {
                (
                    after.title.clone(),
                    before.draft.clone(),
                    after.draft.clone(),
                )
            })
        })
        .collect()
}
