//! Fonts of the book: the bundled Libertinus Serif for Latin text, and for
//! any character it lacks (Japanese and Chinese port names) the system font
//! that the operating system's fallback names for that script, as the
//! window's font provider does.

use std::collections::{BTreeSet, HashMap};
use std::sync::{LazyLock, Mutex};

use fontique::{
    Collection, CollectionOptions, FallbackKey, Language, QueryFamily, QueryStatus, Script,
    SourceCache,
};
use typst::foundations::Bytes;
use typst::text::Font;

static BUNDLED: LazyLock<Vec<Font>> = LazyLock::new(|| {
    [
        &include_bytes!("../../../assets/fonts/LibertinusSerif-Regular.otf")[..],
        include_bytes!("../../../assets/fonts/LibertinusSerif-Bold.otf"),
        include_bytes!("../../../assets/fonts/LibertinusSerif-Italic.otf"),
    ]
    .into_iter()
    .flat_map(|data| Font::iter(Bytes::new(data)))
    .collect()
});

/// The system's fonts, enumerated once a run and only when a book needs a
/// character the bundled font lacks.
struct System {
    collection: Collection,
    cache: SourceCache,
    /// Fonts already loaded, by (source blob id, index in the collection file).
    loaded: HashMap<(u64, u32), Option<Font>>,
    /// The font chosen for each character asked about (`None`: none has it).
    by_char: HashMap<char, Option<Font>>,
}

static SYSTEM: LazyLock<Mutex<System>> = LazyLock::new(|| {
    Mutex::new(System {
        collection: Collection::new(CollectionOptions {
            shared: false,
            system_fonts: true,
        }),
        cache: SourceCache::default(),
        loaded: HashMap::new(),
        by_char: HashMap::new(),
    })
});

/// Locales tried for Han characters: Japanese first (the mission's ports),
/// then Chinese and Korean, since each Han font covers a different set.
const HAN_LOCALES: [&str; 4] = ["ja", "zh-SG", "zh-TW", "ko"];

/// The bundled fonts, then a system font for each character of `text` they
/// lack (each font once).
pub fn for_text(text: &str) -> Vec<Font> {
    let mut fonts = BUNDLED.clone();
    let missing: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .filter(|c| {
            !fonts
                .iter()
                .any(|f| f.info().coverage.contains(u32::from(*c)))
        })
        .collect();
    if missing.is_empty() {
        return fonts;
    }
    let Ok(mut system) = SYSTEM.lock() else {
        return fonts;
    };
    for c in missing {
        if fonts
            .iter()
            .any(|f| f.info().coverage.contains(u32::from(c)))
        {
            continue;
        }
        if let Some(font) = system.font_for(c)
            && !fonts.contains(&font)
        {
            fonts.push(font);
        }
    }
    fonts
}

impl System {
    fn font_for(&mut self, c: char) -> Option<Font> {
        if let Some(found) = self.by_char.get(&c) {
            return found.clone();
        }
        let found = self.search(c);
        self.by_char.insert(c, found.clone());
        found
    }

    fn search(&mut self, c: char) -> Option<Font> {
        use unicode_script::UnicodeScript as _;
        let script = match c.script() {
            unicode_script::Script::Common
            | unicode_script::Script::Inherited
            | unicode_script::Script::Unknown => None,
            script => Script::parse(script.short_name()).ok(),
        };
        let locales: Vec<Option<Language>> = match script {
            Some(s) if s == Script::parse("Hani").ok()? => HAN_LOCALES
                .iter()
                .map(|l| Language::parse(l).ok())
                .collect(),
            _ => vec![None],
        };
        for locale in locales {
            let mut candidates = Vec::new();
            let mut query = self.collection.query(&mut self.cache);
            match script {
                Some(script) => query.set_fallbacks(FallbackKey::new(script, locale.as_ref())),
                None => query.set_families(
                    [
                        fontique::GenericFamily::Serif,
                        fontique::GenericFamily::SansSerif,
                        fontique::GenericFamily::Emoji,
                    ]
                    .map(QueryFamily::Generic),
                ),
            }
            query.matches_with(|font| {
                candidates.push((font.blob.clone(), font.index));
                if candidates.len() >= 8 {
                    QueryStatus::Stop
                } else {
                    QueryStatus::Continue
                }
            });
            drop(query);
            for (blob, index) in candidates {
                let font = self
                    .loaded
                    .entry((blob.id(), index))
                    .or_insert_with(|| Font::new(Bytes::new(blob), index))
                    .clone();
                if let Some(font) = font
                    && font.info().coverage.contains(u32::from(c))
                {
                    return Some(font);
                }
            }
        }
        None
    }
}
