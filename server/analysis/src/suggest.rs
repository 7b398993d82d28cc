//! "Did you mean …?" suggestions for misspelt names (state names, event types, actions, keys).
//!
//! A wrong suggestion is worse than none, so a candidate is offered only when it is a plausible
//! typo of what was written.

/// The candidate `wanted` most plausibly meant, if any is close enough.
///
/// In order of preference:
/// 1. a candidate equal to `wanted` but for letter case (`ticket.ticketcreated`);
/// 2. the only candidate whose last `.`- or `:`-separated segment equals `wanted`, ignoring
///    case (`TicketCreated` for `ticket.TicketCreated`); several such candidates are ambiguous
///    and give no suggestion;
/// 3. the candidate with the smallest case-insensitive Damerau-Levenshtein distance, when that
///    distance is at most a third of the length of `wanted` (at least 1); ties go to the
///    candidate listed first.
///
/// `wanted` itself is never suggested.
pub fn closest<'a, I: IntoIterator<Item = &'a str>>(
    wanted: &str,
    candidates: I,
) -> Option<&'a str> {
    suggest(wanted, candidates).map(|suggestion| suggestion.name)
}

/// What [`suggest`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suggestion<'a> {
    pub name: &'a str,
    /// No other candidate came close: the suggestion is the one reading of what was written,
    /// which a fix may put in without review.
    pub only: bool,
}

/// [`closest`], and whether the candidate found was the only close one.
pub fn suggest<'a, I: IntoIterator<Item = &'a str>>(
    wanted: &str,
    candidates: I,
) -> Option<Suggestion<'a>> {
    let candidates: Vec<&'a str> = candidates
        .into_iter()
        .filter(|&candidate| candidate != wanted)
        .collect();
    let wanted_lower = wanted.to_lowercase();

    let mut same = candidates
        .iter()
        .filter(|candidate| candidate.to_lowercase() == wanted_lower);
    if let Some(&first) = same.next() {
        let only = same.next().is_none();
        return Some(Suggestion { name: first, only });
    }

    let mut qualified = candidates.iter().filter(|candidate| {
        candidate
            .rsplit_once(['.', ':'])
            .is_some_and(|(_, last)| last.to_lowercase() == wanted_lower)
    });
    if let Some(&only) = qualified.next() {
        return qualified.next().is_none().then_some(Suggestion {
            name: only,
            only: true,
        });
    }

    let wanted_len = wanted_lower.chars().count();
    let limit = (wanted_len / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut close = 0;
    for candidate in candidates {
        let candidate_lower = candidate.to_lowercase();
        // The distance is at least the difference in length: skip the quadratic computation.
        if candidate_lower.chars().count().abs_diff(wanted_len) > limit {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&wanted_lower, &candidate_lower);
        if distance > limit {
            continue;
        }
        close += 1;
        if !matches!(best, Some((d, _)) if d <= distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| Suggestion {
        name,
        only: close == 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE_TYPES: [&str; 7] = ["Action", "Choice", "Map", "Wait", "Succeed", "Fail", "Pass"];

    fn events() -> Vec<&'static str> {
        crate::catalog::catalog()
            .event_types("support")
            .map(|(_, event)| event.name.as_str())
            .collect()
    }

    #[test]
    fn suggests_typos() {
        assert_eq!(
            closest("ticket.TicketCreatd", events()),
            Some("ticket.TicketCreated")
        );
        assert_eq!(
            closest("ticket.StatusChnaged", events()),
            Some("ticket.StatusChanged")
        );
        assert_eq!(
            closest("LoadConfg", ["LoadConfig", "PatchConfig", "LoadLinks"]),
            Some("LoadConfig")
        );
        assert_eq!(closest("Succed", STATE_TYPES), Some("Succeed"));
        assert_eq!(closest("Wiat", STATE_TYPES), Some("Wait"));
    }

    #[test]
    fn case_insensitive_match_wins() {
        assert_eq!(
            closest("ticket.ticketcreated", events()),
            Some("ticket.TicketCreated")
        );
        // Over a closer-looking candidate listed first.
        assert_eq!(closest("pass", ["Pas", "Pass"]), Some("Pass"));
    }

    #[test]
    fn completes_a_missing_qualifier_when_unambiguous() {
        assert_eq!(
            closest("TicketCreated", events()),
            Some("ticket.TicketCreated")
        );
        assert_eq!(
            closest(
                "LoadConfig",
                ["zis:common:action:LoadConfig", "zis:common:transform:Jq"]
            ),
            Some("zis:common:action:LoadConfig")
        );
        // `ticket.` and `user.` both have it: no guess, not even the nearest by distance.
        assert_eq!(closest("CustomFieldChanged", events()), None);
    }

    #[test]
    fn rejects_distant_candidates() {
        assert_eq!(closest("xyz", ["ticket.TicketCreated"]), None);
        assert_eq!(closest("Task", STATE_TYPES), None);
        assert_eq!(closest("Parallel", STATE_TYPES), None);
        assert_eq!(closest("", STATE_TYPES), None);
        assert_eq!(closest("Succeed", std::iter::empty()), None);
    }

    #[test]
    fn never_suggests_the_name_itself() {
        assert_eq!(closest("Succeed", STATE_TYPES), None);
        assert_eq!(closest("Fail", ["Fail", "Fall"]), Some("Fall"));
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        assert_eq!(closest("Cat", ["Bat", "Hat"]), Some("Bat"));
        assert_eq!(closest("Cat", ["Hat", "Bat"]), Some("Hat"));
    }

    #[test]
    fn says_whether_the_suggestion_was_the_only_close_candidate() {
        let only = |wanted, candidates: &[&'static str]| {
            suggest(wanted, candidates.iter().copied()).map(|s| (s.name, s.only))
        };
        assert_eq!(
            only("TagTicekt", &["TagTicket", "Done"]),
            Some(("TagTicket", true))
        );
        // `Don` is as close to `Done` as to `Dot`: a guess, not the one reading.
        assert_eq!(only("Don", &["Done", "Dot"]), Some(("Done", false)));
        assert_eq!(only("post", &["POST", "PUT"]), Some(("POST", true)));
        assert_eq!(only("post", &["POST", "Post"]), Some(("POST", false)));
        assert_eq!(only("Elsewhere", &["Done"]), None);
    }
}
