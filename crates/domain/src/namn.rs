//! Obvious names in de-identified free text: a common first name followed by a capitalised
//! word ("Anna Svensson", "träffade Ahmed Hassan"), or a capitalised word after "heter" or
//! "namn". The text is normalised the way the personnummer check does it (compatibility forms
//! made plain, invisible format characters dropped), so a name typed in Word is caught too.
//! This is a guard against the obvious mistake, not a guarantee: the forms still say to write
//! no names.

use unicode_normalization::UnicodeNormalization;

/// Common first names in Sweden (SCB's most frequent, plus names common among people born
/// abroad), as written with a capital.
const FIRST_NAMES: &[&str] = &[
    "Abdi",
    "Abdullah",
    "Adam",
    "Agnes",
    "Ahmad",
    "Ahmed",
    "Aisha",
    "Albin",
    "Alexander",
    "Ali",
    "Alice",
    "Alva",
    "Amanda",
    "Amir",
    "Anders",
    "Andreas",
    "Anette",
    "Anita",
    "Ann",
    "Anna",
    "Anne",
    "Annika",
    "Anton",
    "Arvid",
    "Astrid",
    "Axel",
    "Barbro",
    "Bengt",
    "Berit",
    "Birgitta",
    "Björn",
    "Bo",
    "Carina",
    "Carl",
    "Caroline",
    "Cecilia",
    "Charlotte",
    "Christer",
    "Christina",
    "Dan",
    "Daniel",
    "David",
    "Ebba",
    "Elias",
    "Elin",
    "Elisabeth",
    "Ella",
    "Ellen",
    "Elsa",
    "Emil",
    "Emma",
    "Eric",
    "Erik",
    "Eva",
    "Fatima",
    "Filip",
    "Fredrik",
    "Gunilla",
    "Gustav",
    "Hanna",
    "Hans",
    "Hassan",
    "Helena",
    "Hugo",
    "Ida",
    "Ingrid",
    "Isak",
    "Jakob",
    "Jan",
    "Jenny",
    "Jessica",
    "Joakim",
    "Johan",
    "Johanna",
    "Johannes",
    "Jonas",
    "Josefin",
    "Julia",
    "Karin",
    "Karl",
    "Kerstin",
    "Kristina",
    "Lars",
    "Leo",
    "Lena",
    "Linda",
    "Linnea",
    "Lisa",
    "Liam",
    "Lucas",
    "Lukas",
    "Magnus",
    "Maja",
    "Malin",
    "Margareta",
    "Maria",
    "Marie",
    "Marcus",
    "Markus",
    "Martin",
    "Mats",
    "Mattias",
    "Mikael",
    "Mohamed",
    "Mohammad",
    "Mohammed",
    "Monica",
    "Nils",
    "Noah",
    "Nora",
    "Olivia",
    "Olle",
    "Omar",
    "Oscar",
    "Oskar",
    "Per",
    "Peter",
    "Petra",
    "Rebecka",
    "Robert",
    "Sara",
    "Sarah",
    "Sebastian",
    "Simon",
    "Sofia",
    "Sofie",
    "Stefan",
    "Sven",
    "Thomas",
    "Tobias",
    "Tomas",
    "Ulla",
    "Ulf",
    "Vera",
    "Viktor",
    "Wilma",
    "Yusuf",
    "Zainab",
    "Åsa",
    "Åke",
    "Örjan",
];

/// Words after which a capitalised word is a name.
const NAMING_WORDS: &[&str] = &["heter", "namn", "namnet", "kallas"];

/// The first obvious name in `text`, as written there, if any.
pub fn obvious_name(text: &str) -> Option<String> {
    let normalised: String = text
        .nfkc()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200F}' | '\u{00AD}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect();
    let words: Vec<&str> = normalised
        .split(|c: char| !(c.is_alphabetic() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        let (first, second) = (pair[0], pair[1]);
        if FIRST_NAMES.contains(&first) && is_capitalised(second) {
            return Some(format!("{first} {second}"));
        }
        if NAMING_WORDS.contains(&first.to_lowercase().as_str()) && is_capitalised(second) {
            return Some(second.to_string());
        }
    }
    None
}

/// A capital followed by at least one lower-case letter (a hyphen may join two such parts).
fn is_capitalised(word: &str) -> bool {
    word.split('-').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase)
            && part.chars().count() >= 2
            && chars.all(char::is_lowercase)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_first_name_and_surname() {
        assert_eq!(
            obvious_name("Har träffat Anna Svensson två gånger").as_deref(),
            Some("Anna Svensson")
        );
        assert_eq!(
            obvious_name("Mohammed Al-Hassan behöver stöd").as_deref(),
            Some("Mohammed Al-Hassan")
        );
    }

    #[test]
    fn finds_a_name_after_heter() {
        assert_eq!(
            obvious_name("Kvinnan heter Berglund.").as_deref(),
            Some("Berglund")
        );
    }

    #[test]
    fn sees_through_word_formatting() {
        // A no-break space and a zero-width space, as pasted from Word.
        assert!(obvious_name("Anna\u{00A0}Svens\u{200B}son").is_some());
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for text in [
            "Kvinna 34 år med sjukpenning, behöver kontakt med psykiatrin.",
            "Kontakt med Försäkringskassan Stenbäck och Region Fjärdlunda.",
            "Anna har inte svarat.",
            "Har provat arbetsträning via AF. Heter inte något särskilt.",
        ] {
            assert_eq!(obvious_name(text), None, "{text}");
        }
    }
}
