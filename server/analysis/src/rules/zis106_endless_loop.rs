//! # ZIS106 endless-loop
//!
//! ## What it checks
//! A loop of states that a run can enter but never leave for an end: from its states, no path
//! reaches a state with `"End": true`, a Succeed or a Fail state. Each such loop is reported
//! once, on its first state, with the states it goes through. Loops with an exit (a Choice rule
//! that leaves, a Catch that goes to a Fail state) are fine: ZIS bounds them by its run-time
//! limits. When no state of the flow can end it at all, ZIS105 reports that instead.
//!
//! ## Why
//! Such a flow runs until ZIS stops it (a flow runs at most 100 seconds) and then fails, every
//! time, after the calls it made on the way.
//!
//! ## Example
//! ```json states bad
//! "Pause": { "Type": "Wait", "Seconds": 10, "Next": "Check" },
//! "Check": {
//!   "Type": "Choice",
//!   "Choices": [{ "Variable": "$.job.done", "BooleanEquals": false, "Next": "Pause" }],
//!   "Default": "Pause"
//! },
//! "Done": { "Type": "Succeed" }
//! ```
//! Leave the loop when the condition is met:
//! ```json states good
//! "Pause": { "Type": "Wait", "Seconds": 10, "Next": "Check" },
//! "Check": {
//!   "Type": "Choice",
//!   "Choices": [{ "Variable": "$.job.done", "BooleanEquals": false, "Next": "Pause" }],
//!   "Default": "Done"
//! },
//! "Done": { "Type": "Succeed" }
//! ```
//!
//! ## Fix
//! Give the loop an exit: a Choice rule or `Default` that leads to the rest of the flow, or to a
//! `Succeed` or `Fail` state.

use std::collections::VecDeque;

use super::zis105_no_terminal_state::may_end;
use super::{Context, Report};
use crate::model::{objects_in, Scope, State, TransitionKind};

/// More names than this in a message are elided.
const SHOWN: usize = 8;

pub(super) fn check(ctx: &Context, report: &mut Report) {
    for scope in &ctx.model.scopes {
        // Without any possible end, ZIS105 reports the scope as a whole.
        if !scope.states.iter().any(may_end) {
            continue;
        }
        let Some(reachable) = scope.reachable() else {
            continue;
        };
        let successors: Vec<Vec<usize>> = scope
            .states
            .iter()
            .map(|state| scope.successors(state).collect())
            .collect();
        let exits = leads_to_exit(scope, &successors);
        let endless: Vec<bool> = (0..scope.states.len())
            .map(|index| reachable[index] && !exits[index])
            .collect();
        for mut component in cyclic_components(&successors, &endless) {
            component.sort_unstable();
            // Source order: the same state heads the loop whatever the traversal order.
            let Some(&head) = component.first() else {
                continue;
            };
            let cycle = shortest_cycle(&successors, &component, head);
            let names: Vec<String> = cycle
                .iter()
                .take(SHOWN)
                .map(|&index| format!("`{}`", scope.states[index].name.value))
                .collect();
            let mut path = names.join(" → ");
            if cycle.len() > SHOWN {
                path.push_str(" → …");
            }
            let diagnostic = report.add(
                scope.states[head].name.range,
                format!(
                    "endless loop: {path} → `{}` never reaches an end (`\"End\": true`, a Succeed or a Fail state)",
                    scope.states[head].name.value
                ),
            );
            for &index in component.iter().filter(|&&index| index != head) {
                diagnostic.label(scope.states[index].name.range, "in this loop");
            }
        }
    }
}

/// Which states can reach an exit: an end, or a state whose way on is already reported as
/// broken (so that one mistake does not also read as a loop). A reverse breadth-first search
/// from the exits: linear in states and transitions.
fn leads_to_exit(scope: &Scope, successors: &[Vec<usize>]) -> Vec<bool> {
    let mut predecessors = vec![Vec::new(); successors.len()];
    for (from, targets) in successors.iter().enumerate() {
        for &to in targets {
            predecessors[to].push(from);
        }
    }
    let mut seen: Vec<bool> = scope
        .states
        .iter()
        .map(|state| state.is_terminal() || is_broken(scope, state))
        .collect();
    let mut queue: VecDeque<usize> = (0..seen.len()).filter(|&index| seen[index]).collect();
    while let Some(index) = queue.pop_front() {
        for &before in &predecessors[index] {
            if !seen[before] {
                seen[before] = true;
                queue.push_back(before);
            }
        }
    }
    seen
}

/// A state whose transitions other rules report: no valid `Type`, a transition that names no
/// state of the scope, no `Next` where one is needed, a Choice rule or Catch without `Next`.
fn is_broken(scope: &Scope, state: &State) -> bool {
    let object = &state.object;
    let lacks_next =
        |rules: &str| objects_in(object.get_array(rules)).any(|o| o.get_str("Next").is_none());
    state.ty.is_none_or(|ty| {
        ty.needs_transition()
            && !state
                .transitions
                .iter()
                .any(|transition| transition.kind == TransitionKind::Next)
    }) || state.transitions.is_empty()
        || state
            .transitions
            .iter()
            .any(|transition| scope.state(&transition.target.value).is_none())
        || lacks_next("Choices")
        || lacks_next("Catch")
}

/// The strongly connected components of the graph restricted to `include` that hold a cycle
/// (several states, or one that goes to itself). Tarjan's algorithm with an explicit stack:
/// linear, and no recursion however long the flow.
fn cyclic_components(successors: &[Vec<usize>], include: &[bool]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let count = successors.len();
    let mut order = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut components = Vec::new();
    for root in 0..count {
        if !include[root] || order[root] != UNVISITED {
            continue;
        }
        // Each frame: a state and how many of its successors it has visited.
        let mut frames = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(frame) = frames.last_mut() {
            let state = frame.0;
            if let Some(&next) = successors[state].get(frame.1) {
                frame.1 += 1;
                if !include[next] {
                    continue;
                }
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[state] = low[state].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[state]);
            }
            if low[state] != order[state] {
                continue;
            }
            let mut component = Vec::new();
            while let Some(member) = stack.pop() {
                on_stack[member] = false;
                component.push(member);
                if member == state {
                    break;
                }
            }
            if component.len() > 1 || successors[state].contains(&state) {
                components.push(component);
            }
        }
    }
    components
}

/// The shortest path from `head` back to itself inside `component`, without the final `head`.
fn shortest_cycle(successors: &[Vec<usize>], component: &[usize], head: usize) -> Vec<usize> {
    let mut inside = vec![false; successors.len()];
    for &index in component {
        inside[index] = true;
    }
    let mut parent = vec![None; successors.len()];
    let mut queue = VecDeque::from([head]);
    while let Some(index) = queue.pop_front() {
        for &next in &successors[index] {
            if next == head {
                let mut cycle = vec![index];
                while let Some(before) = parent[*cycle.last().unwrap_or(&head)] {
                    cycle.push(before);
                }
                cycle.reverse();
                return cycle;
            }
            if inside[next] && parent[next].is_none() {
                parent[next] = Some(index);
                queue.push_back(next);
            }
        }
    }
    vec![head]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut components: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        for component in &mut components {
            component.sort_unstable();
        }
        components.sort();
        components
    }

    #[test]
    fn finds_loops_and_self_loops_only() {
        // 0 → 1 → 2 → 1, 3 → 3, 4 → 0
        let successors = vec![vec![1], vec![2], vec![1], vec![3], vec![0]];
        let all = vec![true; 5];
        assert_eq!(
            sorted(cyclic_components(&successors, &all)),
            vec![vec![1, 2], vec![3]]
        );
        let without_two = vec![true, true, false, true, true];
        assert_eq!(
            sorted(cyclic_components(&successors, &without_two)),
            vec![vec![3]]
        );
    }

    #[test]
    fn long_chains_need_no_recursion() {
        let count = 100_000;
        let successors: Vec<Vec<usize>> = (0..count).map(|i| vec![(i + 1) % count]).collect();
        let components = cyclic_components(&successors, &vec![true; count]);
        assert_eq!(components.len(), 1);
        assert_eq!(components[0].len(), count);
    }

    #[test]
    fn shortest_cycle_goes_back_to_the_head() {
        // 0 → 1 → 2 → 0 and 0 → 3 → 4 → 5 → 0: the short way round.
        let successors = vec![vec![3, 1], vec![2], vec![0], vec![4], vec![5], vec![0]];
        assert_eq!(
            shortest_cycle(&successors, &[0, 1, 2, 3, 4, 5], 0),
            vec![0, 1, 2]
        );
        assert_eq!(shortest_cycle(&[vec![0]], &[0], 0), vec![0]);
    }
}
