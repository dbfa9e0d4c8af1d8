//! The person page's charts, drawn here as SVG: the timeline (contacts a month, stacked by
//! direction and channel, stage changes marked) and reciprocity (what was given and
//! received a month, open entries marked). Every bar carries its month and figures as
//! data attributes and a title, so a reader (or a test) can check it against the log.
//!
//! A chart is drawn at its own size in pixels: a month's width depends on how many
//! months there are (wide for a short history, narrow but still readable for a long
//! one), and a chart wider than its box scrolls inside it rather than squeezing its bars.

use kith_core::timeline::{Reciprocity, Timeline};
use kith_core::{Direction, Giver};
use std::fmt::Write as _;

/// Height of the drawing area.
const HEIGHT: f64 = 140.0;
/// Room below the bars for the years.
const AXIS: f64 = 18.0;
/// Room above the bars for marks.
const TOP: f64 = 12.0;
/// Room left of the bars for the scale.
const LEFT: f64 = 28.0;
/// Room right of the bars.
const RIGHT: f64 = 6.0;

/// The width of one month: generous for a short history, narrower for a long one, never
/// so narrow that a bar cannot be seen or pointed at.
fn month_width(months: usize) -> f64 {
    match months {
        0..=6 => 44.0,
        7..=12 => 32.0,
        13..=24 => 22.0,
        25..=60 => 13.0,
        61..=120 => 9.0,
        _ => 7.0,
    }
}

/// The scale both charts share: where a month starts, how wide its bar is.
struct Frame {
    month: f64,
    months: usize,
}

impl Frame {
    fn new(months: usize) -> Self {
        Self { month: month_width(months), months }
    }

    fn x(&self, n: usize) -> f64 {
        LEFT + n as f64 * self.month
    }

    fn bar(&self) -> f64 {
        (self.month * 0.8).max(self.month - 4.0).max(1.0)
    }

    fn middle(&self, n: usize) -> f64 {
        self.x(n) + self.bar() / 2.0
    }

    fn width(&self) -> f64 {
        LEFT + self.months as f64 * self.month + RIGHT
    }

    /// The opening tag, labelled for screen readers, at its own size.
    fn open(&self, class: &str, label: &str) -> String {
        let (width, height) = (self.width(), TOP + HEIGHT + AXIS);
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart {class}" role="img" aria-label="{label}" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.1} {height:.1}">"#,
        )
    }

    /// A scale line with its figure at `y`.
    fn scale(&self, svg: &mut String, y: f64, figure: &str) {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="figure" x="{:.1}" y="{:.1}">{figure}</text>"#,
            self.width() - RIGHT,
            LEFT - 4.0,
            y + 4.0,
        );
    }

    /// Each January's year under its month, and the first month's.
    fn years<'a>(&self, svg: &mut String, months: impl Iterator<Item = &'a str>) {
        // Years closer than this would run into each other: label every few.
        let every = if self.month >= 10.0 { 1 } else { 2 };
        for (n, month) in months.enumerate() {
            let january = month.ends_with("-01");
            let year: i32 = month[..4].parse().unwrap_or(0);
            if n == 0 || (january && year % every == 0) {
                let _ = write!(
                    svg,
                    r#"<text class="year" x="{:.1}" y="{:.1}">{}</text>"#,
                    self.x(n),
                    TOP + HEIGHT + AXIS - 4.0,
                    &month[..4]
                );
            }
        }
    }
}

/// The timeline chart, or `None` when there is nothing to draw.
pub fn timeline(t: &Timeline) -> Option<String> {
    if t.months.is_empty() {
        return None;
    }
    let frame = Frame::new(t.months.len());
    let most = t.months.iter().map(|m| m.total).max().unwrap_or(0).max(1);
    let scale = HEIGHT / f64::from(most);
    let mut svg =
        frame.open("timeline", "Contacts a month, by who reached out and how; stage changes marked");
    frame.scale(&mut svg, TOP, &most.to_string());
    frame.scale(&mut svg, TOP + HEIGHT, "0");
    for (n, month) in t.months.iter().enumerate() {
        let x = frame.x(n);
        let detail: Vec<String> = month
            .counts
            .iter()
            .map(|c| format!("{} {} {}", c.count, direction_words(c.direction), c.channel))
            .collect();
        let _ = write!(
            svg,
            r#"<g class="bar" data-month="{}" data-total="{}"><title>{}: {} contact{}{}</title>"#,
            month.month,
            month.total,
            month.month,
            month.total,
            if month.total == 1 { "" } else { "s" },
            if detail.is_empty() { String::new() } else { format!(" ({})", detail.join(", ")) }
        );
        let mut y = TOP + HEIGHT;
        for count in &month.counts {
            let h = f64::from(count.count) * scale;
            y -= h;
            let _ = write!(
                svg,
                r#"<rect class="{} {}" x="{x:.1}" y="{y:.2}" width="{:.1}" height="{h:.2}" data-direction="{}" data-channel="{}" data-count="{}"/>"#,
                direction_class(count.direction),
                count.channel,
                frame.bar(),
                count.direction,
                count.channel,
                count.count
            );
        }
        svg.push_str("</g>");
    }
    for mark in &t.stage_changes {
        let Some(n) = t.months.iter().position(|m| m.month == mark.month) else { continue };
        let x = frame.middle(n);
        let _ = write!(
            svg,
            r#"<g class="stage-change" data-month="{}" data-from="{}" data-to="{}"><title>{}: stage changed from {} to {}</title><line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}"/><circle cx="{x:.1}" cy="{:.1}" r="4"/></g>"#,
            mark.month,
            mark.from,
            mark.to,
            mark.at.strftime("%Y-%m-%d"),
            mark.from,
            mark.to,
            TOP,
            TOP + HEIGHT,
            TOP - 5.0,
        );
    }
    frame.years(&mut svg, t.months.iter().map(|m| m.month.as_str()));
    svg.push_str("</svg>");
    Some(svg)
}

/// The reciprocity chart, or `None` when the ledger is empty: given above the line,
/// received below it, open entries as marks on the line.
pub fn reciprocity(r: &Reciprocity) -> Option<String> {
    if r.months.is_empty() {
        return None;
    }
    let frame = Frame::new(r.months.len());
    let most = r.months.iter().map(|m| m.given.max(m.received)).fold(0.0, f64::max).max(1.0);
    let half = HEIGHT / 2.0;
    let middle = TOP + half;
    let scale = half / most;
    let mut svg = frame.open("reciprocity", "What you gave and received a month; asks still open marked");
    frame.scale(&mut svg, TOP, &format!("{most:.0}"));
    frame.scale(&mut svg, TOP + HEIGHT, &format!("{most:.0}"));
    for (n, month) in r.months.iter().enumerate() {
        let x = frame.x(n);
        let (up, down) = (month.given * scale, month.received * scale);
        let _ = write!(
            svg,
            r#"<g class="bar" data-month="{}" data-given="{}" data-received="{}"><title>{}: you gave {}, you received {}</title><rect class="given" x="{x:.1}" y="{:.2}" width="{:.1}" height="{up:.2}"/><rect class="received" x="{x:.1}" y="{middle:.2}" width="{:.1}" height="{down:.2}"/></g>"#,
            month.month,
            month.given,
            month.received,
            month.month,
            month.given,
            month.received,
            middle - up,
            frame.bar(),
            frame.bar(),
        );
    }
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{LEFT:.1}" x2="{:.1}" y1="{middle:.1}" y2="{middle:.1}"/>"#,
        frame.width() - RIGHT
    );
    for open in &r.open {
        let Some(n) = r.months.iter().position(|m| m.month == open.month) else { continue };
        let x = frame.middle(n);
        let whose = match open.giver {
            Giver::Owner => "you are to give",
            Giver::Them => "they are to give",
        };
        let what = if open.asked { "asked" } else { "offered" };
        let _ = write!(
            svg,
            r#"<g class="open {}" data-month="{}"><title>{} {what} on {}, still open: {whose}</title><circle cx="{x:.1}" cy="{middle:.1}" r="4.5"/></g>"#,
            if open.giver == Giver::Owner { "yours" } else { "theirs" },
            open.month,
            open.kind,
            open.at.strftime("%Y-%m-%d"),
        );
    }
    frame.years(&mut svg, r.months.iter().map(|m| m.month.as_str()));
    svg.push_str("</svg>");
    Some(svg)
}

fn direction_class(direction: Direction) -> &'static str {
    match direction {
        Direction::Out => "out",
        Direction::In => "in",
        Direction::Mutual => "mutual",
    }
}

/// Who reached out, in words for a bar's title.
fn direction_words(direction: Direction) -> &'static str {
    match direction {
        Direction::Out => "from you by",
        Direction::In => "from them by",
        Direction::Mutual => "together by",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_history_keeps_its_bars_readable_and_scrolls() {
        assert!(month_width(6) > month_width(48));
        let long = Frame::new(240);
        assert!(long.bar() >= 5.0, "{}", long.bar());
        assert!(long.width() > 1200.0, "wider than a phone: it scrolls in its box");
        let short = Frame::new(3);
        assert!(short.width() < 360.0, "a short history fits a phone");
    }
}
