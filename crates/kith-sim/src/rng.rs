//! The simulator's own random numbers: xoshiro256** seeded through SplitMix64, the
//! few distributions the trajectories need, and a keyed permutation of 60-bit
//! numbers that turns counters into unique, random-looking id bits.

/// One SplitMix64 step: advances `state` and returns a well-mixed value.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A xoshiro256** generator.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole state is drawn from `seed` by SplitMix64.
    pub(crate) fn new(seed: u64) -> Self {
        let mut state = seed;
        let s =
            [splitmix64(&mut state), splitmix64(&mut state), splitmix64(&mut state), splitmix64(&mut state)];
        // All-zero state is the one xoshiro cannot leave; SplitMix64 never gives four
        // zeros in a row, but stay safe.
        if s == [0; 4] { Self { s: [1, 2, 3, 4] } } else { Self { s } }
    }

    /// An independent stream for (`seed`, `stream`, `index`), e.g. one per person, so
    /// that what one person draws never shifts what another gets.
    pub(crate) fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let mut state = seed;
        let a = splitmix64(&mut state);
        let mut state = a ^ stream.wrapping_mul(0xd6e8_feb8_6659_fd93);
        let b = splitmix64(&mut state);
        let mut state = b ^ index.wrapping_mul(0xa076_1d64_78bd_642f);
        Self::new(splitmix64(&mut state))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)`, with 53 bits of precision.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    pub(crate) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in `[0, n)`; `n` must be positive.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        // Lemire's multiply-and-reject: unbiased, rarely loops.
        let threshold = n.wrapping_neg() % n;
        loop {
            let wide = u128::from(self.next_u64()) * u128::from(n);
            if (wide as u64) >= threshold {
                return (wide >> 64) as u64;
            }
        }
    }

    /// Uniform integer in `[lo, hi]` (seconds, mostly); `lo` when the range is empty.
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { lo + self.below((hi - lo) as u64 + 1) as i64 }
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Exponentially distributed with the given mean.
    pub(crate) fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }

    /// Standard normal, by the Box–Muller transform (one of the pair is discarded).
    pub(crate) fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit(); // (0, 1]: ln stays finite
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Log-normal with the given median and shape (the sigma of its logarithm).
    pub(crate) fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Poisson-distributed count with the given mean: Knuth's product method for small
    /// means, a rounded normal approximation for large ones.
    pub(crate) fn poisson(&mut self, mean: f64) -> u64 {
        if mean.is_nan() || mean <= 0.0 {
            return 0;
        }
        if mean > 30.0 {
            return (mean + mean.sqrt() * self.normal()).round().max(0.0) as u64;
        }
        let limit = (-mean).exp();
        let mut product = self.unit();
        let mut k = 0;
        while product > limit {
            product *= self.unit();
            k += 1;
        }
        k
    }

    /// One of `choices`, each with its relative weight.
    pub(crate) fn pick<T: Copy>(&mut self, choices: &[(T, f64)]) -> T {
        let total: f64 = choices.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for &(value, weight) in choices {
            if x < weight {
                return value;
            }
            x -= weight;
        }
        choices[choices.len() - 1].0
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

const MASK60: u64 = (1 << 60) - 1;

/// A keyed bijection on 60-bit numbers. Applied to counters 0, 1, 2, … it gives id
/// bits that look random yet can never collide.
#[derive(Clone, Debug)]
pub(crate) struct Permutation60 {
    keys: [u64; 4],
}

impl Permutation60 {
    /// A permutation keyed by four draws from `rng`.
    pub(crate) fn new(rng: &mut Rng) -> Self {
        Self { keys: [rng.next_u64(), rng.next_u64() | 1, rng.next_u64() | 1, rng.next_u64()] }
    }

    /// The image of `x` (only its low 60 bits count). Each step — xor with a key,
    /// multiplication by an odd number modulo 2^60, xor with a right shift of itself —
    /// is invertible on 60-bit numbers, so the whole is.
    pub(crate) fn apply(&self, x: u64) -> u64 {
        let mut x = (x ^ self.keys[0]) & MASK60;
        x = x.wrapping_mul(self.keys[1]) & MASK60;
        x ^= x >> 31;
        x = x.wrapping_mul(self.keys[2]) & MASK60;
        x ^= x >> 29;
        x = x.wrapping_add(self.keys[3]) & MASK60;
        x ^ (x >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..8).map(|_| Rng::derive(7, 1, 3).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]), "same stream, same first value");
        let mut x = Rng::derive(7, 1, 3);
        let mut y = Rng::derive(7, 1, 4);
        let mut z = Rng::derive(7, 2, 3);
        let xs: Vec<u64> = (0..4).map(|_| x.next_u64()).collect();
        let ys: Vec<u64> = (0..4).map(|_| y.next_u64()).collect();
        let zs: Vec<u64> = (0..4).map(|_| z.next_u64()).collect();
        assert_ne!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn distributions_have_their_means() {
        let mut rng = Rng::new(42);
        let n = 200_000;
        let mean = |f: &mut dyn FnMut() -> f64| (0..n).map(|_| f()).sum::<f64>() / n as f64;
        let u = mean(&mut || rng.unit());
        assert!((u - 0.5).abs() < 0.01, "unit mean {u}");
        let mut rng = Rng::new(43);
        let e = mean(&mut || rng.exponential(3.0));
        assert!((e - 3.0).abs() < 0.05, "exponential mean {e}");
        let mut rng = Rng::new(44);
        let p = mean(&mut || rng.poisson(2.5) as f64);
        assert!((p - 2.5).abs() < 0.03, "poisson mean {p}");
        let mut rng = Rng::new(45);
        let big = mean(&mut || rng.poisson(80.0) as f64);
        assert!((big - 80.0).abs() < 0.2, "large poisson mean {big}");
        let mut rng = Rng::new(46);
        let z = mean(&mut || rng.normal());
        assert!(z.abs() < 0.01, "normal mean {z}");
        let mut rng = Rng::new(47);
        let below = mean(&mut || rng.below(10) as f64);
        assert!((below - 4.5).abs() < 0.03, "below mean {below}");
    }

    #[test]
    fn the_permutation_never_collides_and_stays_in_60_bits() {
        let perm = Permutation60::new(&mut Rng::new(9));
        let images: HashSet<u64> = (0..100_000u64).map(|i| perm.apply(i)).collect();
        assert_eq!(images.len(), 100_000);
        assert!(images.iter().all(|&x| x <= MASK60));
        // Small ids do not map to small bits.
        assert!(images.iter().filter(|&&x| x < 1 << 40).count() < 10);
    }
}
