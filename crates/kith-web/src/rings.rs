//! The network page's picture, laid out here: one band per tier around the owner at the
//! centre, the closest tier innermost, each person a dot placed in their tier's band.
//!
//! A band holds rows of dots at a fixed spacing, so a dot never covers another; its top
//! is kept for the tier's name. People come in the use case's order (most urgent first),
//! filling the band's rows from the inside out, each row evenly spaced clockwise from
//! just after the name. The same data therefore always gives the same picture. A band holds only so many dots: those past it are not
//! drawn, and the page says how many and where to find them.

use kith_app::network::{Dot, Ring, Rings};
use serde::Serialize;
use std::f64::consts::TAU;

/// The picture's width and height.
pub const SIZE: f64 = 760.0;
/// Its centre.
const CENTRE: f64 = SIZE / 2.0;
/// The centre's disk, for the owner.
const OWNER: f64 = 22.0;
/// A dot's radius.
pub const DOT: f64 = 5.0;
/// Room between two dots' centres, along a row and from one row to the next.
const STEP: f64 = 13.0;
/// Room between two bands.
const GAP: f64 = 10.0;
/// Room inside a band's edges, around its dots.
const PAD: f64 = 3.0;
/// Room kept at the top of every row for the tier's name, along the row.
const NAME: f64 = 96.0;
/// Each band's depth, in rows, closest tier first: room for 5, 15, 50, 150 and many.
const ROWS: [usize; 5] = [2, 3, 4, 5, 7];

/// One tier's band.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Its inner edge.
    pub inner: f64,
    /// Its outer edge.
    pub outer: f64,
    /// The radius of its middle, where its guide circle is drawn.
    pub middle: f64,
    /// Its depth.
    pub depth: f64,
    /// Where its name is written: at the top of the band, in the room its rows keep.
    pub label_y: f64,
    /// Its rows' radii, inside out.
    rows: Vec<f64>,
}

impl Band {
    /// The length of a row of radius `r` that dots may take: all but the name's room.
    fn room(r: f64) -> f64 {
        (TAU * r - NAME).max(0.0)
    }

    /// How many dots fit in a row of radius `r`.
    fn fits(r: f64) -> usize {
        (Self::room(r) / STEP).floor() as usize
    }

    /// How many dots the band holds.
    pub fn capacity(&self) -> usize {
        self.rows.iter().map(|r| Self::fits(*r)).sum()
    }
}

/// The bands, closest tier first.
pub fn bands() -> Vec<Band> {
    let mut edge = OWNER + GAP + 4.0;
    ROWS.iter()
        .map(|&rows| {
            let inner = edge;
            let rows: Vec<f64> = (0..rows).map(|n| inner + PAD + DOT + n as f64 * STEP).collect();
            let outer = rows.last().copied().unwrap_or(inner) + DOT + PAD;
            edge = outer + GAP;
            let middle = (inner + outer) / 2.0;
            Band { inner, outer, middle, depth: outer - inner, label_y: CENTRE - middle + 4.0, rows }
        })
        .collect()
}

/// A dot where it is drawn.
#[derive(Debug, Clone, Serialize)]
pub struct Placed<'a> {
    /// Its centre.
    pub x: f64,
    /// Its centre.
    pub y: f64,
    /// Its distance from the centre.
    pub r: f64,
    /// Who.
    pub dot: &'a Dot,
}

/// A ring as drawn.
#[derive(Debug, Clone, Serialize)]
pub struct Drawn<'a> {
    /// The ring.
    pub ring: &'a Ring,
    /// Its band.
    pub band: Band,
    /// Its dots, placed.
    pub dots: Vec<Placed<'a>>,
    /// Its people not drawn: cut by the use case's limit, or past the band's room.
    pub not_drawn: usize,
}

/// Every ring laid out; `rings` lists the closest tier first.
pub fn draw(rings: &Rings) -> Vec<Drawn<'_>> {
    rings.rings.iter().zip(bands()).map(|(ring, band)| lay_out(ring, band)).collect()
}

fn lay_out(ring: &Ring, band: Band) -> Drawn<'_> {
    let shown = ring.people.len().min(band.capacity());
    // Use as many rows as the dots need, shared out by each row's room.
    let mut used = 0;
    let mut room = 0;
    for r in &band.rows {
        if room >= shown && used > 0 {
            break;
        }
        room += Band::fits(*r);
        used += 1;
    }
    let rows = &band.rows[..used];
    let mut counts: Vec<usize> =
        rows.iter().map(|r| (shown * Band::fits(*r)).checked_div(room).unwrap_or(0)).collect();
    // What rounding down left over goes to the rows with room, outermost first.
    let mut left = shown - counts.iter().sum::<usize>();
    for (n, r) in rows.iter().enumerate().rev() {
        if left == 0 {
            break;
        }
        if counts[n] < Band::fits(*r) {
            counts[n] += 1;
            left -= 1;
        }
    }
    let mut people = ring.people.iter();
    let mut dots = Vec::with_capacity(shown);
    for (&r, &count) in rows.iter().zip(&counts) {
        // Evenly along the row's room, clockwise from just after the name at the top.
        let along = Band::room(r) / count.max(1) as f64;
        for k in 0..count {
            let Some(dot) = people.next() else { break };
            let angle = (NAME / 2.0 + (k as f64 + 0.5) * along) / r - TAU / 4.0;
            dots.push(Placed { x: CENTRE + r * angle.cos(), y: CENTRE + r * angle.sin(), r, dot });
        }
    }
    let not_drawn = ring.total - dots.len();
    Drawn { ring, band, dots, not_drawn }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_hold_a_full_tier_each_and_stay_inside_the_picture() {
        let bands = bands();
        for (band, least) in bands.iter().zip([5, 15, 50, 150, 500]) {
            assert!(band.capacity() >= least, "{band:?} holds {}", band.capacity());
            assert!(band.label_y > 0.0 && band.depth > 2.0 * DOT);
        }
        for pair in bands.windows(2) {
            assert!(pair[0].outer < pair[1].inner);
        }
        assert!(bands.last().unwrap().outer + GAP <= CENTRE, "{:?}", bands.last());
    }

    #[test]
    fn dots_never_cover_each_other_or_the_name() {
        for band in bands() {
            for r in &band.rows {
                let along = Band::room(*r) / Band::fits(*r) as f64;
                let chord = 2.0 * r * (along / r / 2.0).sin();
                assert!(chord >= 2.0 * DOT + 1.0, "{chord} at {r}");
                // The first and last dots stay clear of the name's room at the top.
                assert!(along / 2.0 >= DOT, "{along} at {r}");
            }
        }
        const { assert!(STEP >= 2.0 * DOT + 1.0) };
    }
}
