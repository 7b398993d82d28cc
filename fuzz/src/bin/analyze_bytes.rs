//! Any bytes as a document: invalid UTF-8 is the CLI's to report, so only valid text reaches
//! the analysis. Seeded with real bundles and the fixtures, mutated by AFL with a JSON
//! dictionary.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            zis_fuzz::check(text, data.len() as u32 * 7);
        }
    });
}
