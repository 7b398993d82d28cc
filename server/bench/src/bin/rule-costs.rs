//! What each rule costs on a generated bundle, to find the rule to speed up:
//!
//! `cargo run --release -p zis-bench --bin rule-costs -- [STATES] [RUNS]`
//!
//! Each rule's cost is the analysis with only that rule on, less the analysis with every rule
//! off (parsing, the model and the index), each the fastest of RUNS runs (default 5) on the
//! clean bundle of STATES flow states (default 10,000).

use std::time::{Duration, Instant};

use zis_analysis::{analyze, Config, Rule};
use zis_bench::{bundle, Variant};

// The allocator the zis-lint binary ships with, so that these are the binary's numbers.
#[global_allocator]
static ALLOCATOR: zis_alloc::Allocator = zis_alloc::Allocator;

fn main() {
    let mut args = std::env::args().skip(1);
    let states = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let text = bundle(states, Variant::Clean);
    let fastest = |config: &Config| {
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                let analysis = analyze(&text, config);
                let took = start.elapsed();
                drop(analysis);
                took
            })
            .min()
            .unwrap_or_default()
    };
    let rules: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|&rule| rule != Rule::InternalError)
        .collect();
    let none = Config {
        severities: rules.iter().map(|&rule| (rule, None)).collect(),
        ..Config::default()
    };
    let base = fastest(&none);
    let all = fastest(&Config::default());
    let mut costs: Vec<(Rule, Duration)> = rules
        .iter()
        .map(|&rule| {
            let mut only = none.clone();
            only.severities.remove(&rule);
            (rule, fastest(&only).saturating_sub(base))
        })
        .collect();
    costs.sort_by_key(|&(_, cost)| std::cmp::Reverse(cost));
    println!(
        "{states} states, {:.1} MB: whole analysis {all:.1?}, of which parse + model + index {base:.1?}\n",
        text.len() as f64 / 1e6
    );
    println!("| rule | cost | share of the rules |");
    println!("|---|---:|---:|");
    let total = all.saturating_sub(base).as_secs_f64().max(f64::EPSILON);
    for (rule, cost) in costs {
        let share = 100.0 * cost.as_secs_f64() / total;
        println!(
            "| {} {} | {cost:.1?} | {share:.0}% |",
            rule.code(),
            rule.name()
        );
    }
}
