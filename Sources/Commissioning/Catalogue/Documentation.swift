/// The prose of docs/domain-events.md around the generated tables.
enum Documentation {
    static let introduction = """
    # Domain events, commands and findings

    <!-- Generated from Sources/Commissioning by `Catalogue.documentation()`. Do not edit by hand:
         change the code, then run `DOCKET_RECORD_GOLDEN=1 swift test --filter DocumentationTests`. -->

    The `Commissioning` module is Docket's domain: the event types, the commands that validate input and
    produce events, and the governance findings derived from the log. It does no I/O. The `docket record`,
    `docket demo`, `docket findings` and `docket generate` commands call it.

    ## Principles

    - **Record reality; flag irregularity.** Structural nonsense is rejected (an allocation of -£5, a decision on
      a programme that does not exist, a consultation that closes before it opens). Governance breaches are
      accepted and reported as *findings*, derived from the log (see below).
    - **Two times.** Every event has `occurredAt` (business time, from the command) and `recordedAt` (when the
      ledger learned of it, from the store). Rules compare business days (UTC).
    - **Nothing is edited.** Corrections and retractions are events that name the event they amend.
    - **People appear as roles.** Names of members and consultation respondents are personal data.

    ## Streams

    One stream per aggregate, named `<kind>-<id>`, where `<id>` is the caller's identifier:

    | Stream | Holds |
    |---|---|
    | `organisation-<id>` | an organisation's registration and succession |
    | `body-<id>` | a decision-making body and its membership |
    | `member-<id>` | a person (by role) and their declared interests |
    | `programme-<id>` | a commissioning programme, its stages and services commencing |
    | `consultation-<id>` | a consultation, its responses and closure |
    | `decision-<id>` | a decision: proposed, taken, revised, rescinded |
    | `allocation-<id>` | an allocation of money: made, adjusted, withdrawn |
    | `contract-<id>` | a contract: awarded, notices, variations, termination, decommissioning, reviews |

    Corrections and retractions are appended to the stream of the event they name. One appended to another
    stream (only a raw `docket append` can write it) amends nothing in the projections or the findings.

    These streams are the domain's, and the ledger accepts in them only events the domain can apply, however
    they arrive (`docket record`, a raw `docket append`, or SQL as `docket_writer`): the id after the kind is
    valid, the type is one of the kind's (or a correction or retraction), the stream begins with its opening
    event (`DecisionProposed` or `DecisionTaken` for a decision, the creating event otherwise) and holds no
    second one, and the payload has exactly the event's public fields below, each of its kind and form, its
    own id (`organisation` in an organisation's events) being the stream's.
    Streams of any other name (`audit-…`, `note-…`) are kept and verified like any other and are outside the
    read models and the findings.

    Each command appends exactly one event, to one stream, with an expectation the store checks atomically:
    `noStream` when the command creates the aggregate, otherwise `exact(v)` where `v` is the version of the
    stream's last event as the command saw it. Versions count from 1. Two people acting on one aggregate at
    once therefore get a version conflict, not a corrupted history. Streams a command only *reads* (the
    programme a decision concerns) are not locked; they only ever grow, and a later retraction is itself an
    event the findings take into account.

    ## Identifiers, dates, money

    - **Identifiers** are chosen by the caller: 1–64 characters of `a–z`, `0–9` and `-`, starting and ending with
      a letter or digit (`somerset-pct`, `wirral-memory-assessment`). An identifier, once used for a kind, is
      never reused, even after its aggregate is retracted.
    - **Dates** are `YYYY-MM-DD` (years 1900–2199). `occurredAt` may also be an RFC 3339 timestamp; rules use
      its UTC day.
    - **Money** is integer pence (JSON numbers, exact up to 2^53). Financial years are written `2011/12` and run
      1 April to 31 March.

    ## Event ids

    Event ids are deterministic version-8 UUIDs. If the command has an `id`, the event id derives from it;
    otherwise from the batch namespace chosen by the caller and the command's index in the batch. The key is
    hashed with two 64-bit FNV-1a hashes (offset bases `0xcbf29ce484222325` and `0x84222325cbf29ce4`), each
    XORed with `eventIndex × 0x9e3779b97f4a7c15` and finished with the SplitMix64 finaliser; the version
    nibble is set to 8 and the variant to `10`. Recording a command with the same `id` twice yields the same
    event id, which the store refuses.

    ## Validation

    `Command.decode` rejects malformed commands (kind `malformed`): unknown command or field, missing required
    field, wrong JSON type, invalid identifier, date, financial year or amount, and contradictions within the
    command (a vote by a member not present or who recused, an end before a start). `Command.handle` rejects
    commands that contradict the ledger (kind `rejected`): a reference to something that does not exist or was
    retracted; creating what exists; acting on what has ended (closing a closed consultation, varying a
    terminated contract, adjusting a withdrawn allocation); dates out of order (a consultation closing before
    it opens, a response after it closed, a decision before its proposal, an objective reviewed before the
    decision); a member present who does not serve on the body that day; a payer that is not a commissioner or
    a provider that is not a provider. Every problem is reported with the field's path (`objectives[2].target`)
    and a reason; a rejected command leaves the state unchanged.

    A batch (`docket record`) is validated command by command against the state as the earlier commands of
    the batch left it; all errors are reported together with each command's index, and nothing is appended if
    any command is invalid. A command that depends on an invalid earlier one is reported too.

    """

    static let findingsIntroduction = """
    Findings are derived from the log by `FindingsDetector`, which folds events in log order and evaluates the
    rules over everything observed, so a fact recorded late (a consultation closed after the decision, an
    interest declared after the vote) counts by its business date. Retracted events are left out, as is every
    event of an aggregate whose creating event was retracted. `docket findings` lists each finding with its
    rule, a summary naming members by role and bodies, programmes and decisions by title, why the rule
    matters, the source it comes from (report and section) and the events involved with their log positions,
    days, actors and sources; `--rule`, `--commissioner` (an organisation and those it succeeded) and
    `--as-of` filter them. Each rule below has a planted case in the demo ledger, and fires on no other.

    """

    static let closing = """

    ## Corrections and retractions

    `correct-event` amends *correctable* fields only: names, titles, summaries, descriptions, rationale,
    grounds, populations. It cannot change references, dates, amounts, votes or statuses, which state and
    findings depend on; for those, retract the event and record the right one (under a new identifier if the
    retracted event created its aggregate). A corrected value of a personal field goes to
    `restricted["changes"]`. Corrections of corrections and retractions of retractions are refused.

    `retract-event` withdraws an event. The state undoes its effect: retracting the event that created an
    aggregate makes the aggregate count as non-existent for new references (and its identifier unusable);
    retracting a closure reopens the consultation; retracting a taking returns a decision to proposed, from
    where it may be taken again (a decision that was never proposed then counts as retracted); retracting an
    adjustment restores the previous amount; retracting a termination, decommissioning, withdrawal,
    rescission, succession, membership end or interest end undoes it. Findings leave retracted events out.
    """
}
