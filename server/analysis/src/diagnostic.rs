use zis_syntax::TextRange;

use crate::facts::Fact;
use crate::rule::{FixSafety, Rule};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        match name {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// One finding: everything a renderer or the language server needs, so that neither computes
/// anything of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// The exact JSON node at fault (a key, a value, or a range inside a string).
    pub range: TextRange,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
    /// The ZIS fact the finding rests on; every error has one.
    pub fact: Option<&'static Fact>,
}

/// A secondary range with a short note, e.g. the first occurrence of a duplicate key.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub range: TextRange,
    pub message: String,
}

/// A change that resolves the diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Whether it may be applied without review: it cannot change what the bundle does (see
    /// [`FixSafety`]).
    pub safe: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity, with nothing attached.
    pub fn new(rule: Rule, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            range,
            labels: Vec::new(),
            fix: None,
            fact: None,
        }
    }

    pub fn label(&mut self, range: TextRange, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label {
            range,
            message: message.into(),
        });
        self
    }

    /// Attaches a fix, safe when the rule's fixes all are ([`Rule::fix_safety`]).
    pub fn fix(&mut self, title: impl Into<String>, edits: Vec<Edit>) -> &mut Self {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            safe: self.rule.fix_safety() == FixSafety::Safe,
        });
        self
    }

    /// For a rule whose fixes are [`FixSafety::Mixed`]: marks the fix just attached safe when
    /// `safe` holds.
    pub fn safe_if(&mut self, safe: bool) -> &mut Self {
        if let Some(fix) = &mut self.fix {
            fix.safe = safe && self.rule.fix_safety() == FixSafety::Mixed;
        }
        self
    }

    /// For a fix that puts in a suggestion: safe when the suggestion was the only close
    /// candidate (`only`) and the finding is an error, so that the text as written cannot work
    /// and the fix is the one reading of it.
    pub fn safe_if_only_reading(&mut self, only: bool) -> &mut Self {
        let cannot_work = self.severity == Severity::Error;
        self.safe_if(only && cannot_work)
    }

    /// For findings the rule is less sure of than its default (an unconfirmed fact).
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    /// Names the fact the finding rests on. A fact that cannot carry an error (not documented,
    /// or contradicted by a real bundle) makes an error a warning.
    pub fn rests_on(&mut self, fact: &'static Fact) -> &mut Self {
        self.fact = Some(fact);
        if self.severity == Severity::Error && !fact.supports_error() {
            self.severity = Severity::Warning;
        }
        self
    }
}

impl Edit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        Edit {
            range,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: u32, new_text: impl Into<String>) -> Self {
        Edit::replace(TextRange::empty(at), new_text)
    }

    pub fn delete(range: TextRange) -> Self {
        Edit::replace(range, "")
    }
}
