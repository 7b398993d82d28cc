//! Property tests on generated and real bundles, mutated at random: the analysis never panics,
//! no rule fails, and every range it answers with lies inside the document on character
//! boundaries; the editor features likewise; and the analysis of an edited text that reuses the
//! previous one gives what a fresh analysis gives. Deterministic: a failure names its seed, and
//! `ZIS_PROPERTY_CASES` runs more cases than the default.

use std::sync::Arc;

use zis_analysis::ide::{completion, hover, navigation, outline};
use zis_analysis::model::{Bundle, ResourceKind};
use zis_analysis::quiet::COMMENT_DIRECTIVE;
use zis_analysis::rules::is_local;
use zis_analysis::{
    analyze, local_findings, reanalyze, Analysis, Before, Config, Diagnostic, Rule, TextRange,
    Unchanged,
};
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

/// Bundles of 1,000 states, past the sizes from which the parse and the model are made in two
/// runs at once.
fn large_bundles() -> [String; 2] {
    [
        bundle(1_000, Variant::Clean),
        bundle(1_000, Variant::Mistakes),
    ]
}

/// A text large enough to be read in two parts at once gives the parse a single run gives:
/// with one string value renamed, which keeps the JSON valid and takes the two runs, or
/// mutated at random, which mostly breaks it and takes the single run the parse falls back to.
#[test]
fn mutated_large_bundles_parse_as_on_one_thread() {
    let bases = large_bundles();
    let runs = cases(60);
    let mut valid = 0;
    for seed in 0..runs as u64 {
        let mut rng = Rng::new(2_000_000 + seed);
        let base = &bases[seed as usize % bases.len()];
        let (text, change) = if seed % 2 == 0 {
            let value = renamed_string_value(base, &mut rng);
            let change = format!("string at {}", value.start);
            let name = format!("renamed_{}", rng.below(100));
            let text = format!("{}{name}{}", &base[..value.start], &base[value.end..]);
            (text, change)
        } else {
            let mutation = Mutation::random(&mut rng);
            (mutate(base, &mutation), format!("{mutation:?}"))
        };
        let parsed = zis_syntax::parse(&text);
        valid += usize::from(parsed.errors.is_empty());
        if parsed != zis_syntax::parse_with_holes(&text, &[]) {
            panic!("seed {seed}: {change}");
        }
    }
    assert!(
        valid >= runs / 2,
        "{valid} of {runs} texts parsed without errors"
    );
}

/// A bundle large enough for its resources to be lowered in two runs at once gives the model
/// one run gives, mutated or not: the same resources, scopes, states and typed objects, with
/// the same numbers.
#[test]
fn large_models_lowered_in_two_runs_are_lowered_as_in_one() {
    let bases = large_bundles();
    let runs = cases(20);
    let mut large = 0;
    for seed in 0..runs as u64 {
        let mut rng = Rng::new(3_000_000 + seed);
        let base = &bases[seed as usize % bases.len()];
        let text = match seed {
            0 | 1 => base.clone(),
            _ => mutate(base, &Mutation::random(&mut rng)),
        };
        let parse = zis_syntax::parse(&text);
        let root = parse.root.as_ref();
        let in_two = described(&Bundle::lower(root));
        let in_one = described(&Bundle::lower_focused(root, |_| true, &[]));
        large += usize::from(in_two.lines().count() > 3_000);
        if in_two != in_one {
            panic!("seed {seed}: the models differ");
        }
    }
    assert!(large >= runs / 2, "{large} of {runs} models were large");
}

/// A model focused on some resources that takes the resources another model of the same tree
/// lowered by name gives the model lowered afresh, and shares exactly those that both lowered
/// by name; with a model of another parse of the text it takes none.
#[test]
fn focused_models_take_what_another_lowered_by_name() {
    let bases = [
        bundle(60, Variant::Clean),
        bundle(60, Variant::Mistakes),
        bundle(60, Variant::Hints),
    ];
    let runs = cases(60);
    let (mut shared, mut lowered_again) = (0, 0);
    for seed in 0..runs as u64 {
        let mut rng = Rng::new(4_000_000 + seed);
        let base = &bases[seed as usize % bases.len()];
        let text = match seed % 3 {
            0 => base.clone(),
            _ => mutate(base, &Mutation::random(&mut rng)),
        };
        let parse = zis_syntax::parse(&text);
        let root = parse.root.as_ref();
        let members = 64;
        let earlier: Vec<bool> = (0..members).map(|_| rng.below(4) == 0).collect();
        let focus: Vec<bool> = (0..members).map(|_| rng.below(4) == 0).collect();
        let in_focus = |at: usize| focus.get(at).copied().unwrap_or(false);
        let other = |at: usize| earlier.get(at).copied().unwrap_or(false);
        let before = Bundle::lower_focused(root, other, &[]);
        let taking = Bundle::lower_focused(root, in_focus, &before.resources);
        let afresh = Bundle::lower_focused(root, in_focus, &[]);
        if described(&taking) != described(&afresh) {
            panic!("seed {seed}: the model that takes resources differs");
        }
        for (taken, earlier) in taking.resources.iter().zip(&before.resources) {
            let alike = taken.by_name && earlier.by_name;
            assert_eq!(
                Arc::ptr_eq(taken, earlier),
                alike,
                "seed {seed}: {:?}",
                taken.key
            );
            shared += usize::from(alike);
            lowered_again += usize::from(!alike);
        }
        let reparsed = zis_syntax::parse(&text);
        let elsewhere = Bundle::lower_focused(reparsed.root.as_ref(), in_focus, &before.resources);
        assert_eq!(described(&elsewhere), described(&afresh), "seed {seed}");
        assert!(
            (elsewhere.resources.iter().zip(&before.resources)).all(|(a, b)| !Arc::ptr_eq(a, b)),
            "seed {seed}: a resource of another tree was taken"
        );
    }
    assert!(
        shared > runs && lowered_again > runs,
        "{shared} shared, {lowered_again} not"
    );
}

/// A model in lines of text, with its numbers and ranges: what two models are compared by.
fn described(model: &Bundle) -> String {
    let range = |value: Option<&zis_syntax::Str>| value.map(|value| value.range);
    let mut lines = Vec::new();
    for resource in &model.resources {
        let kind = match &resource.kind {
            ResourceKind::Flow { scope } => format!("flow {scope:?}"),
            ResourceKind::Action { definition } => {
                format!("action {:?}", definition.as_ref().map(|d| d.range))
            }
            ResourceKind::JobSpec(spec) => format!(
                "job spec {:?} {:?} {:?}",
                range(spec.event_source.as_ref()),
                range(spec.event_type.as_ref()),
                range(spec.flow_name.as_ref())
            ),
            ResourceKind::Unknown => "unknown".to_owned(),
        };
        lines.push(format!(
            "resource {:?} {:?} {:?} {kind} {}",
            resource.key.range,
            range(resource.type_name.as_ref()),
            range(resource.name.as_ref()),
            resource.by_name
        ));
    }
    for (id, scope) in model.scopes.iter().enumerate() {
        lines.push(format!(
            "scope {id} of {:?} in {:?} at {:?} from {:?}",
            scope.resource,
            scope.parent,
            scope.object.range,
            range(scope.start_at.as_ref())
        ));
        for state in &scope.states {
            let transitions: Vec<_> = (state.transitions.iter())
                .map(|t| (t.kind, t.target.range))
                .collect();
            lines.push(format!(
                "state {:?} {:?} {transitions:?} {:?} found {:?}",
                state.name.range,
                state.ty,
                state.iterator,
                scope.state(&state.name.value)
            ));
        }
    }
    for object in &model.objects {
        lines.push(format!(
            "object {:?} {:?} {:?}",
            object.kind, object.object.range, object.anchor
        ));
    }
    lines.join("\n")
}

/// The content of the first string value after a random offset of `text`.
fn renamed_string_value(text: &str, rng: &mut Rng) -> std::ops::Range<usize> {
    let from = rng.below(text.len());
    let value = (text[from..].find(": \"").map(|at| from + at))
        .or_else(|| text.find(": \""))
        .expect("a string value");
    let start = value + 3;
    start..start + text[start..].find('"').expect("a closing quote")
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

/// Edits a bundle step by step the way an editor sees it, and after every step holds the
/// analysis that reuses the previous step's to a fresh one. Most steps replace a string with
/// another of the document or a snippet, which keeps the JSON valid and swaps names, references
/// and paths between resources; some break the JSON, and some go back to the last text that
/// parsed, so that the reuse starts again from a full analysis. Also holds the completions the
/// edit's focus answers with, and the outlines made without the whole model, to the fresh
/// analysis's. Returns how many resources kept their findings over the sequence, how many
/// answers from the focus were compared, and how many such outlines.
fn check_edit_sequence(base: &str, config: &Config, seed: u64) -> (usize, usize, usize) {
    let mut rng = Rng::new(seed);
    let mut text = base.to_owned();
    let mut analysis = reanalyze(&Arc::new(text.clone()), config, None);
    let mut last_valid = text.clone();
    let mut applied = Vec::new();
    let mut reused = 0;
    let mut completed = 0;
    let mut outlined = 0;
    let mut asks = Rng::new(!seed);
    // The outline of the text as opened, which leaves the states of every flow in the memo.
    outline::outline(&analysis);
    let mut held_directive = false;
    for _ in 0..40 {
        let before = text.clone();
        text = match rng.below(8) {
            0 => {
                applied.push(None);
                last_valid.clone()
            }
            1 => {
                let mutation = Mutation::random(&mut rng);
                let edited = mutate(&text, &mutation);
                applied.push(Some(mutation));
                edited
            }
            _ => {
                let mutation = Mutation::ReplaceString {
                    at: rng.next_u64() as usize,
                    with: rng.next_u64() as usize,
                };
                let edited = mutate(&text, &mutation);
                applied.push(Some(mutation));
                edited
            }
        };
        // Told the text before, or, as an editor tells it, what the edits left alone at each
        // end: as much as they did, or less, as when several edits add up.
        let told = match rng.below(3) {
            0 => Before::Text(&before),
            _ => Before::Unchanged(left_alone(&before, &text, &mut rng)),
        };
        let memo = analysis.memo();
        let previous = memo.as_deref().map(|memo| (told, memo));
        analysis = reanalyze(&Arc::new(text.clone()), config, previous);
        let fresh = analyze(&text, config);
        reused += analysis.reused_resources();
        held_directive |= text.contains(COMMENT_DIRECTIVE);
        // A reused analysis lowers the whole model only when asked (unless a suppression in a
        // `Comment` may need it: one of the texts before held one), with the integration it
        // kept rather than one counted afresh.
        if analysis.reused_resources() > 0 && !held_directive {
            assert!(!analysis.is_lowered(), "seed {seed}: lowered unasked");
        }
        // Outlines asked after some edits and not others, so that states are kept over several.
        // Before anything makes the whole model.
        if asks.below(3) > 0 && !analysis.is_lowered() {
            if let Some(items) = outline::outline_if_ready(&analysis) {
                assert_eq!(
                    items,
                    outline::outline(&fresh),
                    "seed {seed}, after {} edits ({applied:?}): the outline differs\ntext:\n{text}",
                    applied.len()
                );
                outlined += 1;
            }
        }
        assert_eq!(
            analysis.index().integration,
            fresh.index().integration,
            "seed {seed}, after {} edits ({applied:?}): the integration differs\ntext:\n{text}",
            applied.len()
        );
        completed += check_focus_requests(&before, &text, &analysis, &fresh, seed);
        if analysis.parse().errors.is_empty() {
            last_valid.clone_from(&text);
        }
        if analysis.diagnostics != fresh.diagnostics || analysis.quieted != fresh.quieted {
            let extra: Vec<_> = (analysis.diagnostics.iter())
                .filter(|d| !fresh.diagnostics.contains(d))
                .collect();
            let missing: Vec<_> = (fresh.diagnostics.iter())
                .filter(|d| !analysis.diagnostics.contains(d))
                .collect();
            panic!(
                "seed {seed}, after {} edits ({applied:?}): the reused analysis differs\n\
                 not found afresh: {extra:#?}\nfound afresh only: {missing:#?}\ntext:\n{text}",
                applied.len()
            );
        }
    }
    (reused, completed, outlined)
}

/// Where the completions of an edited resource are compared: where the edit was, a few places
/// at random, and after the start of each kind of value that completes from the bundle (the
/// text these follow).
const COMPLETED_AFTER: [&str; 4] = ["\"ActionName\": \"", "\"flow_name\": \"", "\"$.", "{{$."];

/// Holds the completions, hovers and definitions `analysis` answers from a focus (the edit's
/// from `before` to `text`, or one on another resource) to those of `fresh`, the analysis of
/// `text` from scratch; returns how many completion lists that were not empty it compared.
fn check_focus_requests(
    before: &str,
    text: &str,
    analysis: &Analysis,
    fresh: &Analysis,
    seed: u64,
) -> usize {
    let change = zis_syntax::TextChange::between(before, text);
    let edited = (analysis.focus_at(change.start as u32))
        .map_or_else(TextRange::default, |focus| focus.resource());
    let value = &text[edited.start as usize..edited.end as usize];
    let mut rng = Rng::new(seed ^ change.start as u64);
    let mut offsets = vec![change.start as u32, change.new_end as u32];
    offsets.extend((0..4).map(|_| edited.start + rng.below(edited.len().max(1) as usize) as u32));
    // And anywhere, where a focus must not answer unless it answers the same.
    offsets.extend((0..2).map(|_| rng.below(text.len() + 1) as u32));
    offsets.extend(
        COMPLETED_AFTER
            .iter()
            .filter_map(|needle| Some(edited.start + (value.find(needle)? + needle.len()) as u32)),
    );
    // And after each of those anywhere, where a focus made on the resource there answers.
    for needle in COMPLETED_AFTER {
        let found: Vec<usize> = text.match_indices(needle).map(|(at, _)| at).collect();
        if !found.is_empty() {
            offsets.push((found[rng.below(found.len())] + needle.len()) as u32);
        }
    }
    let mut compared = 0;
    for mut offset in offsets {
        while !text.is_char_boundary(offset as usize) {
            offset -= 1;
        }
        let Some(focus) = analysis.focus_at(offset) else {
            continue;
        };
        let expected = completion::completions(fresh.view(), text, offset);
        let found = completion::completions(focus.view(), text, offset);
        assert_eq!(
            found, expected,
            "seed {seed}: the focus completes otherwise at {offset}\ntext:\n{text}"
        );
        let diagnostics = &fresh.diagnostics;
        assert_eq!(
            hover::hover(focus.view(), diagnostics, text, offset),
            hover::hover(fresh.view(), diagnostics, text, offset),
            "seed {seed}: the focus hovers otherwise at {offset}\ntext:\n{text}"
        );
        assert_eq!(
            navigation::definition(focus.view(), text, offset),
            navigation::definition(fresh.view(), text, offset),
            "seed {seed}: the focus finds another definition at {offset}\ntext:\n{text}"
        );
        compared += usize::from(!expected.is_empty());
    }
    compared
}

#[test]
fn reused_analyses_equal_fresh_ones_through_random_edits() {
    let mut bases: Vec<String> = [19, 60, 150]
        .into_iter()
        .flat_map(|states| {
            [
                bundle(states, Variant::Clean),
                bundle(states, Variant::Mistakes),
                bundle(states, Variant::Hints),
            ]
        })
        .collect();
    bases.extend(
        real_bundle_paths()
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok()),
    );
    // Suppressions in a `Comment` make a reused analysis lower the whole model: the first
    // seeds start from the bundles that hold one.
    bases.sort_by_key(|base| !base.contains(COMMENT_DIRECTIVE));
    let configured = Config {
        integration: Some("other".into()),
        ..Config::default()
    };
    let (mut reused, mut completed, mut outlined) = (0, 0, 0);
    for seed in 0..cases(80) as u64 {
        let config = if seed % 3 == 2 {
            &configured
        } else {
            &Config::default()
        };
        let base = &bases[seed as usize % bases.len()];
        let (kept, compared, outlines) = check_edit_sequence(base, config, 2_000_000 + seed);
        reused += kept;
        completed += compared;
        outlined += outlines;
    }
    // Most steps keep the JSON valid and change one resource of several, so that the others
    // keep their findings: else the test would hold full analyses to full analyses.
    assert!(reused > cases(80) * 12, "{reused} resources reused");
    assert!(
        completed > cases(80) * 4,
        "{completed} completions compared"
    );
    assert!(outlined > cases(80) * 2, "{outlined} outlines compared");
}

/// What an editor could say the edit from `old` to `new` left alone at each end: all that it
/// did, or a random part of it.
fn left_alone(old: &str, new: &str, rng: &mut Rng) -> Unchanged {
    let change = zis_syntax::TextChange::between(old, new);
    let suffix = old.len() - change.old_end;
    let part = |len: usize, rng: &mut Rng| match rng.below(2) {
        0 => len,
        _ => len - rng.below(len + 1),
    };
    Unchanged {
        prefix: part(change.start, rng),
        suffix: part(suffix, rng),
    }
}

/// A resource whose value is closed early and followed by a new one (text inserted before its
/// last brace) keeps its key, type and name and changes only text inside it: only where its
/// value now ends tells that the rest of the text is read otherwise.
#[test]
fn a_resource_split_in_two_is_analysed_as_a_fresh_analysis_would() {
    for variant in [Variant::Clean, Variant::Mistakes] {
        let before = bundle(60, variant);
        let config = Config::default();
        let analysis = reanalyze(&Arc::new(before.clone()), &config, None);
        let memo = analysis.memo().expect("a memo");
        let parse = zis_syntax::parse(&before);
        let resources = (parse.root.as_ref())
            .and_then(|root| root.as_object()?.get_object("resources").cloned())
            .expect("resources");
        for member in &resources.members {
            let last_brace = member.value.as_ref().expect("a value").range().end as usize - 1;
            let text = format!(
                "{}, \"x\": 1}}, \"split\": {{\"y\": 2{}",
                &before[..last_brace],
                &before[last_brace..]
            );
            let reused = reanalyze(
                &Arc::new(text.clone()),
                &config,
                Some((Before::Text(&before), &memo)),
            );
            assert_eq!(
                reused.diagnostics,
                analyze(&text, &config).diagnostics,
                "{variant:?}, `{}` split",
                member.key.value
            );
        }
    }
}

/// A suppression written by an edit is read again after later edits elsewhere, when its
/// resource is no longer in focus: here an unused one, which ZIS902 reports.
#[test]
fn a_suppression_an_edit_wrote_is_read_after_edits_elsewhere() {
    let config = Config::default();
    let base = bundle(1_000, Variant::Clean);
    assert!(!base.contains(COMMENT_DIRECTIVE));
    let state = base.find("\"Type\": \"").expect("a state");
    let suppressed = format!(
        "{}\"Comment\": \"{COMMENT_DIRECTIVE} ZIS102: parked\", {}",
        &base[..state],
        &base[state..]
    );
    let path = "\"ResultPath\": \"$.";
    let far = suppressed.rfind(path).expect("a path") + path.len();
    let edited_far = format!("{}x{}", &suppressed[..far], &suppressed[far..]);
    let mut analysis = reanalyze(&Arc::new(base.clone()), &config, None);
    let mut before = &base;
    for text in [&suppressed, &edited_far] {
        let memo = analysis.memo().expect("a memo");
        analysis = reanalyze(
            &Arc::new(text.clone()),
            &config,
            Some((Before::Text(before), &memo)),
        );
        assert!(analysis.reused_resources() > 0, "not a full analysis");
        assert_eq!(analysis.diagnostics, analyze(text, &config).diagnostics);
        before = text;
    }
    let unused = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.code() == "ZIS902");
    assert_eq!(unused.count(), 1);
}

/// The rules that [`is_local`] names find in a resource, lowered by itself, what they find in
/// it within the whole bundle: else an edit elsewhere could change what they find there, which
/// a reused analysis keeps. On the generated and real bundles, and on the generated ones mutated.
#[test]
fn local_rules_find_in_a_resource_alone_what_they_find_in_the_bundle() {
    let generated: Vec<String> = [19, 60, 150]
        .into_iter()
        .flat_map(|states| {
            [
                bundle(states, Variant::Mistakes),
                bundle(states, Variant::Hints),
            ]
        })
        .collect();
    let mut bases = generated.clone();
    for seed in 0..cases(300) as u64 {
        let mut rng = Rng::new(3_000_000 + seed);
        let mut text = generated[seed as usize % generated.len()].clone();
        for _ in 0..1 + rng.below(4) {
            text = mutate(&text, &Mutation::random(&mut rng));
        }
        bases.push(text);
    }
    bases.extend(
        real_bundle_paths()
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok()),
    );
    // A suppression quiets a finding in the bundle's analysis, not in the rules' own findings.
    bases.retain(|base| !base.contains(COMMENT_DIRECTIVE));
    let config = Config::default();
    let mut compared = std::collections::BTreeMap::new();
    for base in &bases {
        let whole = analyze(base, &config);
        let parse = zis_syntax::parse(base);
        let resources = (parse.root.as_ref())
            .and_then(|root| root.as_object())
            .and_then(|root| root.get_object("resources"));
        for member in resources.iter().flat_map(|resources| &resources.members) {
            let Some(value) = &member.value else {
                continue;
            };
            let span = TextRange::new(member.key.range.start, value.range().end);
            let inside = |found: &&Arc<Diagnostic>| {
                is_local(found.rule)
                    && span.start <= found.range.start
                    && found.range.end <= span.end
            };
            let expected: Vec<_> = whole.diagnostics.iter().filter(inside).cloned().collect();
            let alone = local_findings(base, &config, member);
            let found: Vec<_> = alone.iter().filter(inside).cloned().collect();
            assert_eq!(found, expected, "in {:?} of:\n{base}", member.key.value);
            for diagnostic in expected {
                *compared.entry(diagnostic.rule.code()).or_insert(0) += 1;
            }
        }
    }
    // Each rule is held to at least one finding.
    let local = Rule::ALL.iter().filter(|&&rule| is_local(rule));
    let unseen: Vec<_> = local
        .filter(|rule| !compared.contains_key(rule.code()))
        .collect();
    assert!(unseen.is_empty(), "no finding of {unseen:?}: {compared:?}");
}
