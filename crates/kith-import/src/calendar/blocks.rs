//! Cutting a calendar file into its top-level components, so that each is parsed on its
//! own (a broken calendar costs only itself) and every component has a line number.

use calcard::icalendar::{ICalendar, ICalendarComponentType};

/// A top-level component of a file, normally one `VCALENDAR`.
pub(super) struct Block<'a> {
    /// Its text, from its `BEGIN` line to its `END` line (or the end of the file).
    pub text: &'a str,
    /// The 1-based line of its `BEGIN`.
    pub line: u64,
    /// Every `BEGIN` inside it, its own first: the line and the component's name in upper
    /// case. The parser numbers components in this same order.
    begins: Vec<(u64, String)>,
}

impl Block<'_> {
    /// The line where each component of the parsed block begins, by component index. When
    /// the parser and the text disagree about the components, every one is given the
    /// block's own line rather than a wrong one.
    pub fn component_lines(&self, ical: &ICalendar) -> Vec<u64> {
        let agree = self.begins.len() == ical.components.len()
            && ical.components.iter().zip(&self.begins).all(|(component, (_, name))| {
                (component.component_type == ICalendarComponentType::VEvent) == (name == "VEVENT")
            });
        if agree {
            self.begins.iter().map(|(line, _)| *line).collect()
        } else {
            vec![self.line; ical.components.len()]
        }
    }
}

/// A `BEGIN` or `END` line.
enum Boundary {
    Begin(String),
    End,
}

/// The top-level components of a file's text, in order. Lines outside any component are
/// ignored; a component left open runs to the end of the text.
pub(super) fn split(text: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Block<'_>)> = None;
    let mut depth = 0usize;
    let mut offset = 0;
    for (number, line) in (1u64..).zip(text.split_inclusive('\n')) {
        let start = offset;
        offset += line.len();
        match boundary(line) {
            Some(Boundary::Begin(name)) => {
                let (_, block) =
                    open.get_or_insert_with(|| (start, Block { text: "", line: number, begins: Vec::new() }));
                block.begins.push((number, name));
                depth += 1;
            }
            Some(Boundary::End) if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some((from, mut block)) = open.take()
                {
                    block.text = &text[from..offset];
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    if let Some((from, mut block)) = open {
        block.text = &text[from..];
        blocks.push(block);
    }
    blocks
}

/// Whether a line begins or ends a component. Folded continuation lines start with white
/// space and so are never boundaries.
fn boundary(line: &str) -> Option<Boundary> {
    let (name, value) = line.trim_end().split_once(':')?;
    let name = name.trim_start_matches('\u{feff}');
    if name.eq_ignore_ascii_case("BEGIN") {
        Some(Boundary::Begin(value.trim().to_ascii_uppercase()))
    } else if name.eq_ignore_ascii_case("END") {
        Some(Boundary::End)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendars_are_cut_apart_with_the_lines_of_their_components() {
        let text = "junk\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n BEGIN:folded\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n\
                    begin:vcalendar\nBEGIN:VTODO\n";
        let blocks = split(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].line, 2);
        assert!(
            blocks[0].text.starts_with("BEGIN:VCALENDAR") && blocks[0].text.ends_with("END:VCALENDAR\r\n")
        );
        assert_eq!(blocks[0].begins, [(2, "VCALENDAR".to_owned()), (3, "VEVENT".to_owned())]);
        assert_eq!(blocks[1].line, 7);
        assert!(blocks[1].text.ends_with("BEGIN:VTODO\n"), "an open calendar runs to the end");
    }
}
