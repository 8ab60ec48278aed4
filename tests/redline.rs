//! Redlines between versions of an agreement's text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use trade_mission_planner::model::redline::{Piece, Redline};

fn same(t: &str) -> Piece {
    Piece::Same(t.into())
}
fn del(t: &str) -> Piece {
    Piece::Deleted(t.into())
}
fn ins(t: &str) -> Piece {
    Piece::Inserted(t.into())
}

#[test]
fn an_inserted_word() {
    let redline = Redline::between("share best practice", "share environmental best practice");
    assert_eq!(
        redline.pieces,
        [same("share "), ins("environmental "), same("best practice")]
    );
    assert_eq!(redline.change_count(), 1);
}

#[test]
fn a_deleted_word_and_a_replaced_one() {
    let redline = Redline::between(
        "takes effect on signature for five years",
        "takes effect on signature until ended",
    );
    assert_eq!(redline.change_count(), 1, "{:?}", redline.pieces);
    assert_eq!(redline.pieces[0], same("takes effect on signature "));
    assert!(
        redline.pieces[1..].contains(&del("for five years")),
        "{:?}",
        redline.pieces
    );
    assert!(
        redline.pieces[1..].contains(&ins("until ended")),
        "{:?}",
        redline.pieces
    );
}

#[test]
fn unchanged_text_is_untouched() {
    let text = "## 1. Purpose\n\nThe ports intend to cooperate.\n";
    let redline = Redline::between(text, text);
    assert_eq!(redline.pieces, [same(text)]);
    assert_eq!(redline.change_count(), 0);
}

#[test]
fn a_moved_paragraph_is_a_deletion_and_an_insertion() {
    let old = "Alpha clause.\n\nBeta clause.\n\nGamma clause.\n";
    let new = "Beta clause.\n\nGamma clause.\n\nAlpha clause.\n";
    let redline = Redline::between(old, new);
    let deleted: String = redline
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Deleted(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let inserted: String = redline
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Inserted(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(deleted.contains("Alpha clause."), "{:?}", redline.pieces);
    assert!(inserted.contains("Alpha clause."), "{:?}", redline.pieces);
    assert!(
        redline
            .pieces
            .iter()
            .any(|p| matches!(p, Piece::Same(t) if t.contains("Beta clause."))),
        "the paragraphs that stayed are not marked: {:?}",
        redline.pieces
    );
    assert_eq!(redline.change_count(), 2);
}

#[test]
fn the_sample_revisions_differ_where_tokyo_commented() {
    let project = common::sample();
    let mou = project
        .agreements
        .iter()
        .find(|a| a.id == common::MOU_TOKYO)
        .unwrap();
    let redline = Redline::between(&mou.revisions[0].text, &mou.revisions[1].text);
    let changes: Vec<&Piece> = redline
        .pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Same(_)))
        .collect();
    assert_eq!(
        changes,
        [
            &ins("more formally "),
            &ins("and sustainability "),
            &del("practices."),
            &ins("practices with each other."),
            &del("efficient."),
            &ins("efficient and to reduce their impact."),
            &del("vehicles and"),
            &ins("vehicles,"),
            &del("equipment."),
            &ins("equipment and vessels."),
            &ins(
                "2.4 Initiatives on pollution-reduction technology for terminals, ocean-going \
                 vessels and drayage trucks.\n\n"
            ),
            &ins(
                "Green shipping corridor\n\nWithin one year of signature the ports will establish \
                 a green shipping corridor partnership.\n\n## 4. "
            ),
        ]
    );
    // A replacement (deleted then inserted) counts once.
    assert_eq!(redline.change_count(), 8);
    assert_eq!(redline.old_text(), *mou.revisions[0].text);
    assert_eq!(redline.new_text(), *mou.revisions[1].text);
}

proptest! {
    #[test]
    fn both_texts_can_be_rebuilt(old in "[a-c \\n]{0,60}", new in "[a-c \\n]{0,60}") {
        let redline = Redline::between(&old, &new);
        prop_assert_eq!(redline.old_text(), old);
        prop_assert_eq!(redline.new_text(), new);
    }
}
