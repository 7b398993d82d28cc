//! Property tests on generated and real bundles, mutated at random: the analysis never panics,
//! no rule fails, and every range it answers with lies inside the document on character
//! boundaries; the editor features likewise. Deterministic: a failure names its seed, and
//! `ZIS_PROPERTY_CASES` runs more cases than the default.

use zis_analysis::{analyze, Config};
use zis_bench::{
    bundle, check_analysis, check_editor_features, mutate, real_bundle_paths, Mutation, Rng,
    Variant,
};

fn cases(default: usize) -> usize {
    std::env::var("ZIS_PROPERTY_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default)
}

/// Mutates `base` a few times with the seed's mutations and checks the result.
fn check_mutated(base: &str, seed: u64) {
    let mut rng = Rng::new(seed);
    let mut text = base.to_owned();
    let mut applied = Vec::new();
    for _ in 0..1 + rng.below(6) {
        let mutation = Mutation::random(&mut rng);
        text = mutate(&text, &mutation);
        applied.push(mutation);
    }
    let analysis = analyze(&text, &Config::default());
    let probe = rng.next_u64() as u32;
    let verdict = check_analysis(&text, &analysis)
        .and_then(|()| check_editor_features(&text, &analysis, probe));
    if let Err(problem) = verdict {
        panic!("seed {seed}: {problem}\nmutations: {applied:?}\ntext:\n{text}");
    }
}

#[test]
fn mutated_generated_bundles() {
    let bases: Vec<String> = [10, 19, 60, 150]
        .into_iter()
        .flat_map(|states| {
            [
                bundle(states, Variant::Clean),
                bundle(states, Variant::Mistakes),
            ]
        })
        .collect();
    for seed in 0..cases(400) as u64 {
        check_mutated(&bases[seed as usize % bases.len()], seed);
    }
}

#[test]
fn mutated_real_bundle_paths() {
    let bases: Vec<String> = real_bundle_paths()
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    assert!(!bases.is_empty(), "the fixtures are missing");
    for seed in 0..cases(600) as u64 {
        check_mutated(&bases[seed as usize % bases.len()], 1_000_000 + seed);
    }
}

#[test]
fn unmutated_real_bundle_paths() {
    for path in real_bundle_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = analyze(&text, &Config::default());
        let verdict = check_analysis(&text, &analysis).and_then(|()| {
            // Every eleventh byte: all the kinds of token, without quadratic cost.
            (0..text.len() as u32)
                .step_by(11)
                .try_for_each(|offset| check_editor_features(&text, &analysis, offset))
        });
        if let Err(problem) = verdict {
            panic!("{}: {problem}", path.display());
        }
    }
}
