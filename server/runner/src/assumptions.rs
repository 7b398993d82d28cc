//! What a run assumes where neither Zendesk's documentation nor the Amazon States Language
//! says. A step lists the ones it relied on; `docs/runner.md` explains each, and a test keeps
//! the page and this list in step.

pub const HTTP_ERROR_NAME: &str = "an action whose request got a status outside 2xx raises `States.TaskFailed`: ZIS documents its `Cause`, not its error name";
pub const EMPTY_BODY: &str =
    "a response without a body was taken as a body that is not JSON: an empty `__httpresponse`";
pub const NO_RESPONSE: &str = "an action that gives no response leaves the flow data as it was: a production bundle reads its data after a PatchConfig without `ResultPath`";
pub const JQ_SEVERAL_OUTPUTS: &str = "a jq program that gives several outputs yields its first one";
pub const JQ_NO_OUTPUT: &str = "a jq program that gives no output yields null";
pub const LOAD_CONFIG_MISSING: &str =
    "LoadConfig on a scope with no config fails the state: ZIS does not document what it does";
pub const CONFIG_WILDCARD: &str =
    "of the scopes a `*` matches, LoadConfig reads the first in the order of their names";
pub const PATCH_CONFIG_CREATES: &str = "PatchConfig on a scope with no config creates it";
pub const PATCH_CONFIG_MERGE: &str =
    "PatchConfig merges objects key by key, at any depth, and replaces other values";
pub const LOAD_LINKS_ANSWER: &str =
    "LoadLinks answers `{\"links\": […]}`: its response is not shown in the stored documentation";
pub const LINKS_WILDCARD: &str =
    "LoadLinks takes `*` in an object name as any text, as the Links API does";
pub const LINK_UUID: &str = "a link this run creates gets the made-up uuid `link-N`";
pub const PATCH_LINK: &str = "PatchLink finds links by `link_type`, `left_object_name` and `right_object_name`, merges the `left_object` and `right_object` given, and gives no response: its parameters and response are not in the stored documentation";
pub const DELETE_LINK: &str = "DeleteLink removes the links `link_type`, `left_object_name` and `right_object_name` name, and gives no response";
pub const TEXT_OF_VALUE: &str =
    "a header, query or URL value that is not a string was sent as its JSON text";
pub const UNDOCUMENTED_OPERATOR: &str =
    "an operator ZIS does not document was evaluated as the Amazon States Language defines it";
pub const MIXED_TYPES: &str = "a comparison of values of different types was taken as false, as in the Amazon States Language";
pub const ERROR_OUTPUT: &str = "a caught error is `{\"Error\": …, \"Cause\": …}`, as in the Amazon States Language: ZIS documents the `Cause`";
pub const FLOW_TIME: &str =
    "the time a flow takes is the sum of its waits: the time actions take is unknown";
pub const ACTION_WITHOUT_PARAMETERS: &str = "an Action state without `Parameters` passes its whole input to the action, as an Amazon States Language Task does";
pub const RETRY: &str = "`Retry` was not simulated: most versions of Zendesk's documentation say ZIS does not support it (ZIS008)";
pub const ACTION_BY_NAME: &str = "a custom action is found by its name alone, whatever integration key `ActionName` holds (ZIS404 and ZIS405 report a key that differs)";
pub const MAP_WITHOUT_ITEMS_PATH: &str =
    "a Map without `ItemsPath` iterates over its whole input, as in the Amazon States Language";
pub const MAP_RESULT: &str =
    "a Map's result is the array of each iteration's final data, as in the Amazon States Language";
pub const RESULT_PATH_DEFAULT: &str = "without `ResultPath` the result replaces all of the flow data (`$`), as in the Amazon States Language: ZIS documents this default for Catch only";
pub const RESULT_PATH_NULL: &str =
    "`\"ResultPath\": null` discards the result, as in the Amazon States Language";
pub const PLACEHOLDER_NOT_STRING: &str =
    "a placeholder whose value is not a string was filled with the value's JSON text";
pub const PLACEHOLDER_WITHOUT_SUFFIX: &str = "a string with `{{$…}}` in a key without `.$` was passed as written: ZIS documents placeholders in `.$` values only";
pub const INPUT_PATH: &str = "`InputPath` is not documented for ZIS; it was applied as the Amazon States Language defines it";
pub const OUTPUT_PATH: &str = "`OutputPath` is not documented for ZIS; it was applied as the Amazon States Language defines it";
pub const RESULT_SELECTOR: &str = "`ResultSelector` is not documented for ZIS; it was applied as the Amazon States Language defines it";

/// Every assumption, for the page that lists them.
pub const ALL: &[&str] = &[
    HTTP_ERROR_NAME,
    EMPTY_BODY,
    NO_RESPONSE,
    JQ_SEVERAL_OUTPUTS,
    JQ_NO_OUTPUT,
    LOAD_CONFIG_MISSING,
    CONFIG_WILDCARD,
    PATCH_CONFIG_CREATES,
    PATCH_CONFIG_MERGE,
    LOAD_LINKS_ANSWER,
    LINKS_WILDCARD,
    LINK_UUID,
    PATCH_LINK,
    DELETE_LINK,
    TEXT_OF_VALUE,
    UNDOCUMENTED_OPERATOR,
    MIXED_TYPES,
    ERROR_OUTPUT,
    FLOW_TIME,
    ACTION_WITHOUT_PARAMETERS,
    RETRY,
    ACTION_BY_NAME,
    MAP_WITHOUT_ITEMS_PATH,
    MAP_RESULT,
    RESULT_PATH_DEFAULT,
    RESULT_PATH_NULL,
    PLACEHOLDER_NOT_STRING,
    PLACEHOLDER_WITHOUT_SUFFIX,
    INPUT_PATH,
    OUTPUT_PATH,
    RESULT_SELECTOR,
];
