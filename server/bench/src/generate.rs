//! A bundle with a chosen number of flow states, shaped like the real ones in the corpus:
//! pretty-printed with two-space indentation, every state type, Choice rules with `And`, `Or`
//! and `Not`, Catch handlers, Map iterators, `{{$.…}}` placeholders in custom actions, and a job
//! spec per flow.

/// The sizes the benchmarks measure, in flow states.
pub const SIZES: [usize; 5] = [10, 100, 1_000, 10_000, 50_000];

/// The integration key every reference uses.
pub const INTEGRATION: &str = "bench";

/// Which bundle to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// No error and no warning under the default configuration (from 10 states up: a smaller
    /// bundle has no room for a state that calls its actions).
    Clean,
    /// The clean bundle with the mistakes of [`MISTAKES`] put in.
    Mistakes,
    /// The clean bundle where each block's two calls of a custom action pass
    /// [`UNUSED_PARAMETERS`] parameters that the action never reads: six ZIS505 hints a block,
    /// about 6,000 at 10,000 states, as many findings as a large bundle linted for the first
    /// time shows.
    Hints,
}

/// Parameters per call that the called action never reads, in the [`Variant::Hints`] bundle.
pub const UNUSED_PARAMETERS: usize = 3;

/// The codes the [`Variant::Mistakes`] bundle gives at error and warning level, one diagnostic
/// each (from 10 states up). Each mistake is written so that it causes no other finding: the
/// states after it stay reachable and every resource keeps a caller.
pub const MISTAKES: &[&str] = &[
    "ZIS003", // a key twice in a state
    "ZIS110", // a JSONPath that does not parse
    "ZIS008", // a Choice operator ZIS rejects
    "ZIS101", // a Choice rule going to a state that does not exist
    "ZIS004", // a Fail state without its `Cause`
    "ZIS401", // an Action state calling an action that does not exist
    "ZIS301", // a job spec for an event type that does not exist
];

/// Flow states per flow; real flows hold from a handful to a few dozen states.
const STATES_PER_FLOW: usize = 50;

/// States in one block of a flow (see [`Flow::block`]).
const BLOCK_STATES: usize = 9;

/// Job spec event types, all of them in the catalog.
const EVENT_TYPES: &[&str] = &[
    "ticket.TicketCreated",
    "ticket.CommentAdded",
    "ticket.StatusChanged",
    "ticket.PriorityChanged",
    "ticket.TagsChanged",
];

/// A bundle with exactly `states` flow states (Map iterator states included; at least one).
pub fn bundle(states: usize, variant: Variant) -> String {
    let states = states.max(1);
    let flows = states.div_ceil(STATES_PER_FLOW);
    let sizes: Vec<usize> = (0..flows)
        .map(|flow| states / flows + usize::from(flow < states % flows))
        .collect();
    let blocks: usize = sizes.iter().map(|&size| block_count(size)).sum();
    let layout = Layout {
        variant,
        flows,
        // One GET action per two blocks and one POST action per four: every action is called
        // at least once (ZIS406), from two states or more when there are enough blocks.
        get_actions: blocks.div_ceil(2).max(1),
        post_actions: blocks.div_ceil(4).max(1),
    };
    let mut w = Writer::with_capacity(states * 400);
    w.root(|w| {
        w.string("name", "bench");
        w.string(
            "description",
            "A generated bundle for benchmarks: \u{2014} every state type, Choice rules, Catch, Map.",
        );
        w.string("zis_template_version", "2019-10-14");
        w.object("resources", |w| {
            let mut first_block = 0;
            for (flow, &size) in sizes.iter().enumerate() {
                Flow {
                    layout: &layout,
                    index: flow,
                    first_block,
                }
                .write(w, size);
                first_block += block_count(size);
            }
            for flow in 0..flows {
                layout.job_spec(w, flow);
            }
            for action in 0..layout.get_actions {
                layout.get_action(w, action);
            }
            for action in 0..layout.post_actions {
                layout.post_action(w, action);
            }
        });
    });
    w.finish()
}

/// Blocks in a flow of `size` states: one state is kept for the final Succeed state.
fn block_count(size: usize) -> usize {
    size.saturating_sub(1) / BLOCK_STATES
}

struct Layout {
    variant: Variant,
    flows: usize,
    get_actions: usize,
    post_actions: usize,
}

/// One of the [`MISTAKES`], put in the first block of the flow [`mistake_flow`] picks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mistake {
    DuplicateKey,
    BadJsonPath,
    UnsupportedOperator,
    UnknownState,
    MissingCause,
    UnknownAction,
    UnknownEventType,
}

impl Layout {
    fn has(&self, mistake: Mistake, flow: usize) -> bool {
        self.variant == Variant::Mistakes && mistake_flow(mistake, self.flows) == flow
    }

    fn job_spec(&self, w: &mut Writer, flow: usize) {
        w.object(&format!("jobspec_{flow}"), |w| {
            w.string("type", "ZIS::JobSpec");
            w.object("properties", |w| {
                w.string("name", &format!("jobspec_{flow}"));
                w.string("event_source", "support");
                let event_type = if self.has(Mistake::UnknownEventType, flow) {
                    "ticket.TicketExploded"
                } else {
                    EVENT_TYPES[flow % EVENT_TYPES.len()]
                };
                w.string("event_type", event_type);
                w.string("flow_name", &format!("zis:{INTEGRATION}:flow:flow_{flow}"));
            });
        });
    }

    fn get_action(&self, w: &mut Writer, action: usize) {
        w.object(&format!("get_{action}"), |w| {
            w.string("type", "ZIS::Action::Http");
            w.object("properties", |w| {
                w.string("name", &format!("get_{action}"));
                w.object("definition", |w| {
                    w.string("method", "GET");
                    w.string("path", "/api/v2/tickets/{{$.ticket_id}}.json");
                    w.string("connectionName", "zendesk");
                    w.array("queryParams", |w| {
                        w.item_object(|w| {
                            w.string("key", "include");
                            w.string("value", "users,groups");
                        });
                        w.item_object(|w| {
                            w.string("key", "step");
                            w.string("value.$", "$.step");
                        });
                    });
                });
            });
        });
    }

    fn post_action(&self, w: &mut Writer, action: usize) {
        w.object(&format!("post_{action}"), |w| {
            w.string("type", "ZIS::Action::Http");
            w.object("properties", |w| {
                w.string("name", &format!("post_{action}"));
                w.string("description", "Sends one item to the partner's webhook.");
                w.object("definition", |w| {
                    w.string("method", "POST");
                    w.string(
                        "url",
                        &format!(
                            "https://hooks.example.com/v1/items/{{{{$.item_id}}}}?batch={action}"
                        ),
                    );
                    w.array("headers", |w| {
                        w.item_object(|w| {
                            w.string("key", "Content-Type");
                            w.string("value", "application/json");
                        });
                        w.item_object(|w| {
                            w.string("key", "X-Trace-Id");
                            w.string("value.$", "$.ticket_id");
                        });
                    });
                    w.object("requestBody", |w| {
                        w.object("item", |w| {
                            w.string("id", "{{$.item_id}}");
                            w.string("note", "Sent for ticket {{$.ticket_id}}");
                            w.boolean("urgent", false);
                        });
                    });
                });
            });
        });
    }
}

/// The first, the middle or the last flow, so that the mistakes are spread over the document.
fn mistake_flow(mistake: Mistake, flows: usize) -> usize {
    match mistake {
        Mistake::DuplicateKey | Mistake::BadJsonPath | Mistake::UnsupportedOperator => 0,
        Mistake::UnknownState | Mistake::MissingCause => flows / 2,
        Mistake::UnknownAction | Mistake::UnknownEventType => flows - 1,
    }
}

struct Flow<'a> {
    layout: &'a Layout,
    index: usize,
    /// The bundle-wide number of this flow's first block, which picks its actions.
    first_block: usize,
}

impl Flow<'_> {
    fn write(&self, w: &mut Writer, size: usize) {
        let blocks = block_count(size);
        let padding = size - 1 - blocks * BLOCK_STATES;
        let after_blocks = if padding > 0 { "Step0" } else { "Done" };
        let start = if blocks > 0 { "Fetch0" } else { after_blocks };
        w.object(&format!("flow_{}", self.index), |w| {
            w.string("type", "ZIS::Flow");
            w.object("properties", |w| {
                w.string("name", &format!("flow_{}", self.index));
                w.string("description", "Handles one ticket event step by step.");
                w.object("definition", |w| {
                    w.string("StartAt", start);
                    w.object("States", |w| {
                        for block in 0..blocks {
                            let next = if block + 1 < blocks {
                                format!("Fetch{}", block + 1)
                            } else {
                                after_blocks.to_owned()
                            };
                            self.block(w, block, &next);
                        }
                        for step in 0..padding {
                            w.object(&format!("Step{step}"), |w| {
                                w.string("Type", "Pass");
                                w.object("Result", |w| w.number("step", step));
                                w.string("ResultPath", &format!("$.steps.s{step}"));
                                let next = if step + 1 < padding {
                                    format!("Step{}", step + 1)
                                } else {
                                    "Done".to_owned()
                                };
                                w.string("Next", &next);
                            });
                        }
                        w.object("Done", |w| {
                            w.string("Type", "Succeed");
                            w.string(
                                "Message",
                                "Finished ticket {{$.input.ticket_event.ticket.id}}",
                            );
                        });
                    });
                });
            });
        });
    }

    fn has(&self, mistake: Mistake, block: usize) -> bool {
        block == 0 && self.layout.has(mistake, self.index)
    }

    fn unused_parameters(&self, w: &mut Writer) {
        if self.layout.variant == Variant::Hints {
            for parameter in 0..UNUSED_PARAMETERS {
                w.string(&format!("unused_{parameter}"), "never read");
            }
        }
    }

    /// Nine states: an Action with a Catch, a Choice, a Jq transform, a Map whose iterator holds
    /// two states, a Wait, a Pass, and the Fail state the Catch handlers go to. The Wait loops
    /// back to the Action, as real flows poll, and the Choice's `Default` leaves the loop.
    fn block(&self, w: &mut Writer, k: usize, next: &str) {
        let bundle_block = self.first_block + k;
        let get = bundle_block % self.layout.get_actions;
        let post = bundle_block / 4 % self.layout.post_actions;
        w.object(&format!("Fetch{k}"), |w| {
            w.string("Type", "Action");
            w.string("ActionName", &format!("zis:{INTEGRATION}:action:get_{get}"));
            w.object("Parameters", |w| {
                let path = if self.has(Mistake::BadJsonPath, k) {
                    "$.input.ticket_event.ticket[id"
                } else {
                    "$.input.ticket_event.ticket.id"
                };
                w.string("ticket_id.$", path);
                w.number("step", k);
                self.unused_parameters(w);
            });
            w.string("ResultPath", &format!("$.fetched{k}"));
            if self.has(Mistake::DuplicateKey, k) {
                w.string("ResultPath", &format!("$.fetched{k}"));
            }
            w.array("Catch", |w| catch(w, k));
            w.string("Next", &format!("Route{k}"));
        });
        w.object(&format!("Route{k}"), |w| {
            w.string("Type", "Choice");
            w.array("Choices", |w| {
                w.item_object(|w| {
                    w.string("Variable", &format!("$.fetched{k}.ticket.status"));
                    let operator = if self.has(Mistake::UnsupportedOperator, k) {
                        "StringMatches"
                    } else {
                        "StringEquals"
                    };
                    w.string(operator, "open");
                    w.string("Next", &format!("Loop{k}"));
                });
                // `And` with `Not` in even blocks, which also poll; `Or` in odd ones.
                w.item_object(|w| {
                    if k.is_multiple_of(2) {
                        and_rule(w, k);
                    } else {
                        or_rule(w, k);
                    }
                    w.string("Next", &format!("Transform{k}"));
                });
                if k.is_multiple_of(2) {
                    w.item_object(|w| {
                        or_rule(w, k);
                        let target = if self.has(Mistake::UnknownState, k) {
                            "Snooze"
                        } else {
                            "Pause"
                        };
                        w.string("Next", &format!("{target}{k}"));
                    });
                }
            });
            w.string("Default", &format!("Mark{k}"));
        });
        w.object(&format!("Transform{k}"), |w| {
            w.string("Type", "Action");
            // In place of a built-in, so that no custom action loses its only caller.
            let action = if self.has(Mistake::UnknownAction, k) {
                format!("zis:{INTEGRATION}:action:reshape_ticket")
            } else {
                "zis:common:transform:Jq".to_owned()
            };
            w.string("ActionName", &action);
            w.object("Parameters", |w| {
                w.string("expr", ".ticket | {id, status, tags}");
                w.string("data.$", &format!("$.fetched{k}"));
            });
            w.string("ResultPath", &format!("$.shaped{k}"));
            w.string("Next", &format!("Loop{k}"));
        });
        w.object(&format!("Loop{k}"), |w| {
            w.string("Type", "Map");
            w.string("ItemsPath", &format!("$.fetched{k}.ticket.tags"));
            w.object("Iterator", |w| {
                w.string("StartAt", &format!("Item{k}"));
                w.object("States", |w| {
                    w.object(&format!("Item{k}"), |w| {
                        w.string("Type", "Action");
                        w.string(
                            "ActionName",
                            &format!("zis:{INTEGRATION}:action:post_{post}"),
                        );
                        w.object("Parameters", |w| {
                            w.string("item_id.$", "$.id");
                            w.string("ticket_id.$", "$.ticket_id");
                            self.unused_parameters(w);
                        });
                        w.string("ResultPath", "$.posted");
                        w.string("Next", &format!("ItemDone{k}"));
                    });
                    w.object(&format!("ItemDone{k}"), |w| {
                        w.string("Type", "Pass");
                        w.boolean("End", true);
                    });
                });
            });
            w.string("ResultPath", &format!("$.looped{k}"));
            w.array("Catch", |w| catch(w, k));
            w.string("Next", &format!("Pause{k}"));
        });
        w.object(&format!("Pause{k}"), |w| {
            w.string("Type", "Wait");
            w.number("Seconds", 5 + k % 10);
            w.string("Next", &format!("Fetch{k}"));
        });
        w.object(&format!("Mark{k}"), |w| {
            w.string("Type", "Pass");
            w.object("Result", |w| {
                w.number("step", k);
                w.null("error");
            });
            w.string("ResultPath", &format!("$.mark{k}"));
            w.string("Next", next);
        });
        w.object(&format!("Failed{k}"), |w| {
            w.string("Type", "Fail");
            w.string("Error", "StepFailed");
            if !self.has(Mistake::MissingCause, k) {
                w.string("Cause", &format!("Step {k} failed: {{{{$.error.Cause}}}}"));
            }
        });
    }
}

fn and_rule(w: &mut Writer, k: usize) {
    w.array("And", |w| {
        w.item_object(|w| {
            w.string("Variable", &format!("$.fetched{k}.ticket.priority"));
            w.boolean("IsPresent", true);
        });
        w.item_object(|w| {
            w.object("Not", |w| {
                w.string("Variable", &format!("$.fetched{k}.ticket.priority"));
                w.string("StringEquals", "low");
            });
        });
    });
}

fn or_rule(w: &mut Writer, k: usize) {
    w.array("Or", |w| {
        w.item_object(|w| {
            w.string("Variable", &format!("$.fetched{k}.attempts"));
            w.number("NumericLessThan", 3);
        });
        w.item_object(|w| {
            w.string("Variable", "$.input.ticket_event.ticket.external_id");
            w.boolean("IsPresent", true);
        });
    });
}

fn catch(w: &mut Writer, k: usize) {
    w.item_object(|w| {
        w.array("ErrorEquals", |w| w.item_string("States.ALL"));
        w.string("ResultPath", "$.error");
        w.string("Next", &format!("Failed{k}"));
    });
}

/// Writes pretty-printed JSON straight into a string: generating the 50 MB hostile document
/// through a value tree would cost several times its size in memory.
struct Writer {
    out: String,
    depth: usize,
    /// Whether the container being written has an item yet.
    has_items: bool,
}

impl Writer {
    fn with_capacity(capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            depth: 0,
            has_items: false,
        }
    }

    fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    fn root(&mut self, members: impl FnOnce(&mut Writer)) {
        self.group('{', '}', members);
    }

    /// Starts the next item of the current container: a comma after the previous one, a line
    /// break and the indentation.
    fn item(&mut self) {
        if self.has_items {
            self.out.push(',');
        }
        self.has_items = true;
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn key(&mut self, key: &str) {
        self.item();
        quote(&mut self.out, key);
        self.out.push_str(": ");
    }

    fn group(&mut self, open: char, close: char, items: impl FnOnce(&mut Writer)) {
        self.out.push(open);
        let outer = std::mem::replace(&mut self.has_items, false);
        self.depth += 1;
        items(self);
        self.depth -= 1;
        if self.has_items {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
        self.out.push(close);
        self.has_items = outer;
    }

    fn object(&mut self, key: &str, members: impl FnOnce(&mut Writer)) {
        self.key(key);
        self.group('{', '}', members);
    }

    fn array(&mut self, key: &str, items: impl FnOnce(&mut Writer)) {
        self.key(key);
        self.group('[', ']', items);
    }

    fn item_object(&mut self, members: impl FnOnce(&mut Writer)) {
        self.item();
        self.group('{', '}', members);
    }

    fn item_string(&mut self, value: &str) {
        self.item();
        quote(&mut self.out, value);
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        quote(&mut self.out, value);
    }

    fn number(&mut self, key: &str, value: usize) {
        self.key(key);
        self.out.push_str(&value.to_string());
    }

    fn boolean(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }

    fn null(&mut self, key: &str) {
        self.key(key);
        self.out.push_str("null");
    }
}

/// A JSON string literal, with non-ASCII characters escaped as the corpus bundles have them
/// (`\u2014`), so that the parser's escape path is measured too.
fn quote(out: &mut String, value: &str) {
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            ch if (ch as u32) < 0x20 || !ch.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
}
