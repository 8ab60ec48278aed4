//! Dates as people type them: ISO `2023-03-13`, or day and month in either
//! order with a four-digit year (`13/03/2023`, `3/13/2023`, `13.3.2023`).
//! A date that could be read both ways (`03/04/2023`) is refused with a
//! message, never guessed.

use jiff::civil::Date;

/// Reads a typed date, or says why it is not one.
pub fn parse_typed_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Type a date, e.g. 2023-03-13".to_owned());
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).map(str::trim).collect();
    let numbers: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    let (Some(numbers), 3) = (numbers, parts.len()) else {
        return Err(format!("\"{text}\" is not a date; write it as 2023-03-13"));
    };
    let in_range = |year: i32, month: i32, day: i32| -> Result<Date, String> {
        let (Ok(year), Ok(month), Ok(day)) =
            (i16::try_from(year), i8::try_from(month), i8::try_from(day))
        else {
            return Err(format!("\"{text}\" is not a date"));
        };
        Date::new(year, month, day).map_err(|_| format!("There is no such day as \"{text}\""))
    };
    match (parts[0].len(), parts[2].len()) {
        (4, _) => in_range(numbers[0], numbers[1], numbers[2]),
        (_, 4) => {
            let (a, b, year) = (numbers[0], numbers[1], numbers[2]);
            match (a > 12, b > 12) {
                (true, false) => in_range(year, b, a),
                (false, true) => in_range(year, a, b),
                (false, false) if a == b => in_range(year, a, b),
                (false, false) => {
                    let one = in_range(year, b, a)?;
                    let other = in_range(year, a, b)?;
                    Err(format!(
                        "\"{text}\" could be {} or {}: write it as {one} or {other}",
                        one.strftime("%-d %B"),
                        other.strftime("%-d %B"),
                    ))
                }
                (true, true) => Err(format!("There is no such day as \"{text}\"")),
            }
        }
        _ => Err(format!(
            "\"{text}\" needs a four-digit year; write it as 2023-03-13"
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::parse_typed_date;
    use jiff::civil::date;

    #[test]
    fn iso_and_unambiguous_day_month_orders_are_read() {
        assert_eq!(parse_typed_date("2023-03-13").unwrap(), date(2023, 3, 13));
        assert_eq!(parse_typed_date(" 13/03/2023 ").unwrap(), date(2023, 3, 13));
        assert_eq!(parse_typed_date("3/13/2023").unwrap(), date(2023, 3, 13));
        assert_eq!(parse_typed_date("13.3.2023").unwrap(), date(2023, 3, 13));
        assert_eq!(parse_typed_date("04/04/2023").unwrap(), date(2023, 4, 4));
        // 12 is a month; 13 cannot be.
        assert_eq!(parse_typed_date("12/13/2023").unwrap(), date(2023, 12, 13));
        assert_eq!(parse_typed_date("13/12/2023").unwrap(), date(2023, 12, 13));
    }

    #[test]
    fn a_date_that_reads_both_ways_is_refused_and_says_how_to_write_it() {
        for both_ways in ["12/05/2023", "05/12/2023"] {
            assert!(parse_typed_date(both_ways).is_err(), "{both_ways}");
        }
        let err = parse_typed_date("03/04/2023").unwrap_err();
        assert!(err.contains("3 April") && err.contains("4 March"), "{err}");
        assert!(
            err.contains("2023-04-03") && err.contains("2023-03-04"),
            "{err}"
        );
    }

    #[test]
    fn nonsense_and_impossible_days_are_refused() {
        for text in [
            "",
            "tomorrow",
            "2023-02-30",
            "31/31/2023",
            "13/03/23",
            "1/2/3/4",
            "99999-1-1",
        ] {
            assert!(parse_typed_date(text).is_err(), "{text:?}");
        }
    }
}
