//! Structure-aware: the input picks a real or generated bundle and a sequence of token- and
//! group-level edits to it, so that every run starts from a valid bundle and breaks it the way
//! an edit in progress does, deep inside flows rather than in the first bytes.

fn main() {
    let bases = zis_fuzz::bases();
    afl::fuzz!(|data: &[u8]| {
        let Some((&pick, edits)) = data.split_first() else {
            return;
        };
        let mut text = bases[usize::from(pick) % bases.len()].clone();
        for mutation in zis_bench::Mutation::decode(edits) {
            text = zis_bench::mutate(&text, &mutation);
        }
        zis_fuzz::check(&text, u32::from(pick) * 131 + data.len() as u32);
    });
}
