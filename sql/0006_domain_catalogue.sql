-- The domain's event rules as rows (0003_domain_rules.sql), generated from the event catalogue by
-- DomainEventRules.sqlRows. When the catalogue changes, regenerate the rows into a new migration that
-- first deletes these (DOCKET_RECORD_GOLDEN=1 swift test --filter DomainRulesInDatabase rewrites
-- this file, which is right only while no database has applied it).

INSERT INTO docket.domain_stream_kinds (kind) VALUES
    ('organisation'),
    ('body'),
    ('member'),
    ('programme'),
    ('consultation'),
    ('decision'),
    ('allocation'),
    ('contract');

INSERT INTO docket.domain_event_rules (stream_kind, event_type, schema_version, opens_stream, only_first, field_names, fits) VALUES
    ('organisation', 'OrganisationRegistered', 1, true, true, ARRAY['organisation', 'name', 'kind', 'isFoundationTrust', 'population', 'populationSource', 'geography', 'sector']::text[],
     '(exists($."organisation") && $."organisation".type() != "null" && $."organisation".type() == "string" && $."organisation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."name") && $."name".type() != "null" && $."name".type() == "string" && $."name" != "") && (exists($."kind") && $."kind".type() != "null" && $."kind".type() == "string" && ($."kind" == "national-specialised-commissioning-group" || $."kind" == "supra-regional-specialised-commissioning-group" || $."kind" == "regional-specialised-commissioning-group" || $."kind" == "nhs-commissioning-board" || $."kind" == "integrated-care-system" || $."kind" == "clinical-commissioning-group" || $."kind" == "primary-care-trust" || $."kind" == "local-authority-joint-commissioning" || $."kind" == "pbc-consortium" || $."kind" == "pbc-practice" || $."kind" == "personal-health-budget-holder" || $."kind" == "acute-trust" || $."kind" == "mental-health-trust" || $."kind" == "community-trust" || $."kind" == "ambulance-trust" || $."kind" == "gp-practice" || $."kind" == "third-sector-provider")) && (exists($."isFoundationTrust") && $."isFoundationTrust".type() != "null" && $."isFoundationTrust".type() == "boolean") && (!exists($."population") || $."population".type() == "null" || ($."population".type() == "number" && $."population".floor() == $."population" && $."population" <= 9007199254740992 && $."population" >= -9007199254740992)) && (!exists($."populationSource") || $."populationSource".type() == "null" || ($."populationSource".type() == "string" && $."populationSource" != "")) && (!exists($."geography") || $."geography".type() == "null" || ($."geography".type() == "string" && $."geography" != "")) && (exists($."sector") && $."sector".type() != "null" && $."sector".type() == "string" && ($."sector" == "commissioner" || $."sector" == "provider"))'),
    ('organisation', 'OrganisationSucceeded', 1, false, false, ARRAY['organisation', 'successors', 'functions', 'functionsBySuccessor']::text[],
     '(exists($."organisation") && $."organisation".type() != "null" && $."organisation".type() == "string" && $."organisation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."successors") && $."successors".type() != "null" && $."successors".type() == "array" && !($."successors"[*].type() == "array") && !exists($."successors"[*] ? (!(@.type() == "string" && @ like_regex "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")))) && (!exists($."functions") || $."functions".type() == "null" || ($."functions".type() == "string" && $."functions" != "")) && (!exists($."functionsBySuccessor") || $."functionsBySuccessor".type() == "null" || ($."functionsBySuccessor".type() == "array"))'),
    ('organisation', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('organisation', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('body', 'DecisionBodyEstablished', 1, true, true, ARRAY['body', 'organisation', 'name', 'kind']::text[],
     '(exists($."body") && $."body".type() != "null" && $."body".type() == "string" && $."body" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."organisation") && $."organisation".type() != "null" && $."organisation".type() == "string" && $."organisation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."name") && $."name".type() != "null" && $."name".type() == "string" && $."name" != "") && (exists($."kind") && $."kind".type() != "null" && $."kind".type() == "string" && ($."kind" == "board" || $."kind" == "governing-body" || $."kind" == "committee" || $."kind" == "professional-executive-committee" || $."kind" == "joint-committee" || $."kind" == "health-and-wellbeing-board" || $."kind" == "panel"))'),
    ('body', 'MemberAppointed', 1, false, false, ARRAY['body', 'member', 'role']::text[],
     '(exists($."body") && $."body".type() != "null" && $."body".type() == "string" && $."body" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."member") && $."member".type() != "null" && $."member".type() == "string" && $."member" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."role") && $."role".type() != "null" && $."role".type() == "string" && $."role" != "")'),
    ('body', 'MembershipEnded', 1, false, false, ARRAY['body', 'member']::text[],
     '(exists($."body") && $."body".type() != "null" && $."body".type() == "string" && $."body" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."member") && $."member".type() != "null" && $."member".type() == "string" && $."member" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")'),
    ('body', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('body', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('member', 'MemberRegistered', 1, true, true, ARRAY['member', 'role']::text[],
     '(exists($."member") && $."member".type() != "null" && $."member".type() == "string" && $."member" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."role") && $."role".type() != "null" && $."role".type() == "string" && $."role" != "")'),
    ('member', 'InterestDeclared', 1, false, false, ARRAY['member', 'interest', 'kind', 'organisation', 'description', 'from', 'to']::text[],
     '(exists($."member") && $."member".type() != "null" && $."member".type() == "string" && $."member" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."interest") && $."interest".type() != "null" && $."interest".type() == "string" && $."interest" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."kind") && $."kind".type() != "null" && $."kind".type() == "string" && ($."kind" == "financial" || $."kind" == "non-financial" || $."kind" == "indirect")) && (exists($."organisation") && $."organisation".type() != "null" && $."organisation".type() == "string" && $."organisation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."description") && $."description".type() != "null" && $."description".type() == "string" && $."description" != "") && (exists($."from") && $."from".type() != "null" && $."from".type() == "string" && $."from" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (!exists($."to") || $."to".type() == "null" || ($."to".type() == "string" && $."to" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"))'),
    ('member', 'InterestEnded', 1, false, false, ARRAY['member', 'interest', 'endedOn']::text[],
     '(exists($."member") && $."member".type() != "null" && $."member".type() == "string" && $."member" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."interest") && $."interest".type() != "null" && $."interest".type() == "string" && $."interest" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."endedOn") && $."endedOn".type() != "null" && $."endedOn".type() == "string" && $."endedOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$")'),
    ('member', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('member', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('programme', 'ProgrammeLaunched', 1, true, true, ARRAY['programme', 'commissioner', 'title', 'serviceArea', 'geography', 'trigger', 'triggerNote', 'description']::text[],
     '(exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."commissioner") && $."commissioner".type() != "null" && $."commissioner".type() == "string" && $."commissioner" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."title") && $."title".type() != "null" && $."title".type() == "string" && $."title" != "") && (exists($."serviceArea") && $."serviceArea".type() != "null" && $."serviceArea".type() == "string" && $."serviceArea" != "") && (exists($."geography") && $."geography".type() != "null" && $."geography".type() == "string" && $."geography" != "") && (exists($."trigger") && $."trigger".type() != "null" && $."trigger".type() == "string" && ($."trigger" == "demand-mapping" || $."trigger" == "quality-assessment" || $."trigger" == "national-directive" || $."trigger" == "nice-guidance" || $."trigger" == "voluntary-sector-advice" || $."trigger" == "operational-problem" || $."trigger" == "strategic-plan" || $."trigger" == "other")) && (!exists($."triggerNote") || $."triggerNote".type() == "null" || ($."triggerNote".type() == "string" && $."triggerNote" != "")) && (!exists($."description") || $."description".type() == "null" || ($."description".type() == "string" && $."description" != ""))'),
    ('programme', 'ProgrammeStageEntered', 1, false, false, ARRAY['programme', 'stage', 'note']::text[],
     '(exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."stage") && $."stage".type() != "null" && $."stage".type() == "string" && ($."stage" == "needs-assessment" || $."stage" == "priority-setting" || $."stage" == "service-specification" || $."stage" == "procurement" || $."stage" == "contract" || $."stage" == "monitoring" || $."stage" == "review" || $."stage" == "decommissioning" || $."stage" == "discussion-and-planning" || $."stage" == "modelling" || $."stage" == "commenced-operation")) && (!exists($."note") || $."note".type() == "null" || ($."note".type() == "string" && $."note" != ""))'),
    ('programme', 'ServiceCommenced', 1, false, false, ARRAY['programme', 'provider', 'contract', 'service', 'coveredBy']::text[],
     '(exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."provider") && $."provider".type() != "null" && $."provider".type() == "string" && $."provider" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (!exists($."contract") || $."contract".type() == "null" || ($."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")) && (exists($."service") && $."service".type() != "null" && $."service".type() == "string" && $."service" != "") && (!exists($."coveredBy") || $."coveredBy".type() == "null" || ($."coveredBy".type() == "string" && $."coveredBy" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"))'),
    ('programme', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('programme', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('consultation', 'ConsultationOpened', 1, true, true, ARRAY['consultation', 'programme', 'title', 'isStatutory', 'audience', 'plannedCloseOn', 'conductedBy']::text[],
     '(exists($."consultation") && $."consultation".type() != "null" && $."consultation".type() == "string" && $."consultation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."title") && $."title".type() != "null" && $."title".type() == "string" && $."title" != "") && (exists($."isStatutory") && $."isStatutory".type() != "null" && $."isStatutory".type() == "boolean") && (exists($."audience") && $."audience".type() != "null" && $."audience".type() == "string" && $."audience" != "") && (exists($."plannedCloseOn") && $."plannedCloseOn".type() != "null" && $."plannedCloseOn".type() == "string" && $."plannedCloseOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (!exists($."conductedBy") || $."conductedBy".type() == "null" || ($."conductedBy".type() == "string" && $."conductedBy" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"))'),
    ('consultation', 'ConsultationResponseReceived', 1, false, false, ARRAY['consultation', 'respondentCategory', 'stance', 'summary']::text[],
     '(exists($."consultation") && $."consultation".type() != "null" && $."consultation".type() == "string" && $."consultation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."respondentCategory") && $."respondentCategory".type() != "null" && $."respondentCategory".type() == "string" && ($."respondentCategory" == "patient" || $."respondentCategory" == "carer" || $."respondentCategory" == "public" || $."respondentCategory" == "gp" || $."respondentCategory" == "provider" || $."respondentCategory" == "local-authority" || $."respondentCategory" == "voluntary-sector" || $."respondentCategory" == "healthwatch" || $."respondentCategory" == "health-and-wellbeing-board" || $."respondentCategory" == "overview-and-scrutiny-committee")) && (exists($."stance") && $."stance".type() != "null" && $."stance".type() == "string" && ($."stance" == "support" || $."stance" == "oppose" || $."stance" == "mixed" || $."stance" == "neutral")) && (exists($."summary") && $."summary".type() != "null" && $."summary".type() == "string" && $."summary" != "")'),
    ('consultation', 'ConsultationClosed', 1, false, false, ARRAY['consultation', 'closedBy', 'outcome', 'grounds']::text[],
     '(exists($."consultation") && $."consultation".type() != "null" && $."consultation".type() == "string" && $."consultation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."closedBy") && $."closedBy".type() != "null" && $."closedBy".type() == "string" && $."closedBy" != "") && (exists($."outcome") && $."outcome".type() != "null" && $."outcome".type() == "string" && ($."outcome" == "completed" || $."outcome" == "halted-early")) && (!exists($."grounds") || $."grounds".type() == "null" || ($."grounds".type() == "string" && $."grounds" != ""))'),
    ('consultation', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('consultation', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('decision', 'DecisionProposed', 1, true, true, ARRAY['decision', 'programme', 'body', 'title', 'proposal', 'proposedAmountPence']::text[],
     '(exists($."decision") && $."decision".type() != "null" && $."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."body") && $."body".type() != "null" && $."body".type() == "string" && $."body" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."title") && $."title".type() != "null" && $."title".type() == "string" && $."title" != "") && (exists($."proposal") && $."proposal".type() != "null" && $."proposal".type() == "string" && $."proposal" != "") && (!exists($."proposedAmountPence") || $."proposedAmountPence".type() == "null" || ($."proposedAmountPence".type() == "number" && $."proposedAmountPence".floor() == $."proposedAmountPence" && $."proposedAmountPence" <= 9007199254740992 && $."proposedAmountPence" >= -9007199254740992))'),
    ('decision', 'DecisionTaken', 1, true, false, ARRAY['decision', 'programme', 'body', 'title', 'outcome', 'serviceChange', 'membersPresent', 'recusals', 'votes', 'optionsConsidered', 'rationale', 'evidence', 'consultations', 'objectives', 'affectedOrganisations', 'approvedAmountPence', 'financialYear', 'isSignificantChange', 'unmetObjectivesRationale']::text[],
     '(exists($."decision") && $."decision".type() != "null" && $."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."body") && $."body".type() != "null" && $."body".type() == "string" && $."body" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."title") && $."title".type() != "null" && $."title".type() == "string" && $."title" != "") && (exists($."outcome") && $."outcome".type() != "null" && $."outcome".type() == "string" && ($."outcome" == "approved" || $."outcome" == "rejected" || $."outcome" == "deferred")) && (exists($."serviceChange") && $."serviceChange".type() != "null" && $."serviceChange".type() == "string" && ($."serviceChange" == "new" || $."serviceChange" == "recommissioned" || $."serviceChange" == "continued" || $."serviceChange" == "decommissioned" || $."serviceChange" == "none")) && (exists($."membersPresent") && $."membersPresent".type() != "null" && $."membersPresent".type() == "array" && !($."membersPresent"[*].type() == "array") && !exists($."membersPresent"[*] ? (!(@.type() == "string" && @ like_regex "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")))) && (exists($."recusals") && $."recusals".type() != "null" && $."recusals".type() == "array" && !($."recusals"[*].type() == "array") && !exists($."recusals"[*] ? (!(@.type() == "string" && @ like_regex "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")))) && (exists($."votes") && $."votes".type() != "null" && $."votes".type() == "array") && (exists($."optionsConsidered") && $."optionsConsidered".type() != "null" && $."optionsConsidered".type() == "array") && (exists($."rationale") && $."rationale".type() != "null" && $."rationale".type() == "string" && $."rationale" != "") && (exists($."evidence") && $."evidence".type() != "null" && $."evidence".type() == "array" && !($."evidence"[*].type() == "array") && !exists($."evidence"[*] ? (!(@.type() == "string" && @ != "")))) && (exists($."consultations") && $."consultations".type() != "null" && $."consultations".type() == "array" && !($."consultations"[*].type() == "array") && !exists($."consultations"[*] ? (!(@.type() == "string" && @ like_regex "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")))) && (exists($."objectives") && $."objectives".type() != "null" && $."objectives".type() == "array") && (exists($."affectedOrganisations") && $."affectedOrganisations".type() != "null" && $."affectedOrganisations".type() == "array" && !($."affectedOrganisations"[*].type() == "array") && !exists($."affectedOrganisations"[*] ? (!(@.type() == "string" && @ like_regex "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")))) && (!exists($."approvedAmountPence") || $."approvedAmountPence".type() == "null" || ($."approvedAmountPence".type() == "number" && $."approvedAmountPence".floor() == $."approvedAmountPence" && $."approvedAmountPence" <= 9007199254740992 && $."approvedAmountPence" >= -9007199254740992)) && (!exists($."financialYear") || $."financialYear".type() == "null" || ($."financialYear".type() == "string" && $."financialYear" like_regex "^(19|20|21)[0-9]{2}/[0-9]{2}$")) && (!exists($."isSignificantChange") || $."isSignificantChange".type() == "null" || ($."isSignificantChange".type() == "boolean")) && (!exists($."unmetObjectivesRationale") || $."unmetObjectivesRationale".type() == "null" || ($."unmetObjectivesRationale".type() == "string" && $."unmetObjectivesRationale" != ""))'),
    ('decision', 'DecisionRevised', 1, false, false, ARRAY['decision', 'grounds', 'rationale', 'objectives', 'approvedAmountPence']::text[],
     '(exists($."decision") && $."decision".type() != "null" && $."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."grounds") && $."grounds".type() != "null" && $."grounds".type() == "string" && $."grounds" != "") && (!exists($."rationale") || $."rationale".type() == "null" || ($."rationale".type() == "string" && $."rationale" != "")) && (!exists($."objectives") || $."objectives".type() == "null" || ($."objectives".type() == "array")) && (!exists($."approvedAmountPence") || $."approvedAmountPence".type() == "null" || ($."approvedAmountPence".type() == "number" && $."approvedAmountPence".floor() == $."approvedAmountPence" && $."approvedAmountPence" <= 9007199254740992 && $."approvedAmountPence" >= -9007199254740992))'),
    ('decision', 'DecisionRescinded', 1, false, false, ARRAY['decision', 'grounds']::text[],
     '(exists($."decision") && $."decision".type() != "null" && $."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."grounds") && $."grounds".type() != "null" && $."grounds".type() == "string" && $."grounds" != "")'),
    ('decision', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('decision', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('allocation', 'AllocationMade', 1, true, true, ARRAY['allocation', 'payer', 'payee', 'programme', 'decision', 'amountPence', 'financialYear', 'controlType', 'paymentMechanism', 'purpose']::text[],
     '(exists($."allocation") && $."allocation".type() != "null" && $."allocation".type() == "string" && $."allocation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."payer") && $."payer".type() != "null" && $."payer".type() == "string" && $."payer" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (!exists($."payee") || $."payee".type() == "null" || ($."payee".type() == "string" && $."payee" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")) && (!exists($."programme") || $."programme".type() == "null" || ($."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")) && (!exists($."decision") || $."decision".type() == "null" || ($."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")) && (exists($."amountPence") && $."amountPence".type() != "null" && $."amountPence".type() == "number" && $."amountPence".floor() == $."amountPence" && $."amountPence" <= 9007199254740992 && $."amountPence" >= -9007199254740992) && (exists($."financialYear") && $."financialYear".type() != "null" && $."financialYear".type() == "string" && $."financialYear" like_regex "^(19|20|21)[0-9]{2}/[0-9]{2}$") && (exists($."controlType") && $."controlType".type() != "null" && $."controlType".type() == "string" && ($."controlType" == "real" || $."controlType" == "indicative" || $."controlType" == "pooled" || $."controlType" == "delegated")) && (exists($."paymentMechanism") && $."paymentMechanism".type() != "null" && $."paymentMechanism".type() == "string" && ($."paymentMechanism" == "block-contract" || $."paymentMechanism" == "payment-by-results" || $."paymentMechanism" == "capitated" || $."paymentMechanism" == "outcome-based" || $."paymentMechanism" == "cost-and-volume" || $."paymentMechanism" == "personal-health-budget" || $."paymentMechanism" == "alliance" || $."paymentMechanism" == "lead-provider")) && (!exists($."purpose") || $."purpose".type() == "null" || ($."purpose".type() == "string" && $."purpose" != ""))'),
    ('allocation', 'AllocationAdjusted', 1, false, false, ARRAY['allocation', 'amountPence', 'grounds', 'previousAmountPence']::text[],
     '(exists($."allocation") && $."allocation".type() != "null" && $."allocation".type() == "string" && $."allocation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."amountPence") && $."amountPence".type() != "null" && $."amountPence".type() == "number" && $."amountPence".floor() == $."amountPence" && $."amountPence" <= 9007199254740992 && $."amountPence" >= -9007199254740992) && (!exists($."grounds") || $."grounds".type() == "null" || ($."grounds".type() == "string" && $."grounds" != "")) && (exists($."previousAmountPence") && $."previousAmountPence".type() != "null" && $."previousAmountPence".type() == "number" && $."previousAmountPence".floor() == $."previousAmountPence" && $."previousAmountPence" <= 9007199254740992 && $."previousAmountPence" >= -9007199254740992)'),
    ('allocation', 'AllocationWithdrawn', 1, false, false, ARRAY['allocation', 'grounds']::text[],
     '(exists($."allocation") && $."allocation".type() != "null" && $."allocation".type() == "string" && $."allocation" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (!exists($."grounds") || $."grounds".type() == "null" || ($."grounds".type() == "string" && $."grounds" != ""))'),
    ('allocation', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('allocation', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('contract', 'ContractAwarded', 1, true, true, ARRAY['contract', 'programme', 'commissioner', 'provider', 'decision', 'route', 'startOn', 'endOn', 'valuePence', 'paymentMechanism', 'service']::text[],
     '(exists($."contract") && $."contract".type() != "null" && $."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."programme") && $."programme".type() != "null" && $."programme".type() == "string" && $."programme" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."commissioner") && $."commissioner".type() != "null" && $."commissioner".type() == "string" && $."commissioner" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."provider") && $."provider".type() != "null" && $."provider".type() == "string" && $."provider" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (!exists($."decision") || $."decision".type() == "null" || ($."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")) && (exists($."route") && $."route".type() != "null" && $."route".type() == "string" && ($."route" == "competitive-tender" || $."route" == "any-qualified-provider" || $."route" == "direct-award" || $."route" == "lead-provider" || $."route" == "framework")) && (exists($."startOn") && $."startOn".type() != "null" && $."startOn".type() == "string" && $."startOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."endOn") && $."endOn".type() != "null" && $."endOn".type() == "string" && $."endOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."valuePence") && $."valuePence".type() != "null" && $."valuePence".type() == "number" && $."valuePence".floor() == $."valuePence" && $."valuePence" <= 9007199254740992 && $."valuePence" >= -9007199254740992) && (exists($."paymentMechanism") && $."paymentMechanism".type() != "null" && $."paymentMechanism".type() == "string" && ($."paymentMechanism" == "block-contract" || $."paymentMechanism" == "payment-by-results" || $."paymentMechanism" == "capitated" || $."paymentMechanism" == "outcome-based" || $."paymentMechanism" == "cost-and-volume" || $."paymentMechanism" == "personal-health-budget" || $."paymentMechanism" == "alliance" || $."paymentMechanism" == "lead-provider")) && (exists($."service") && $."service".type() != "null" && $."service".type() == "string" && $."service" != "")'),
    ('contract', 'ContractNoticeGiven', 1, false, false, ARRAY['contract', 'intent', 'effectiveOn', 'terms']::text[],
     '(exists($."contract") && $."contract".type() != "null" && $."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."intent") && $."intent".type() != "null" && $."intent".type() == "string" && ($."intent" == "variation" || $."intent" == "termination" || $."intent" == "decommissioning")) && (exists($."effectiveOn") && $."effectiveOn".type() != "null" && $."effectiveOn".type() == "string" && $."effectiveOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (!exists($."terms") || $."terms".type() == "null" || ($."terms".type() == "string" && $."terms" != ""))'),
    ('contract', 'ContractVaried', 1, false, false, ARRAY['contract', 'effectiveOn', 'description', 'endOn', 'valuePence']::text[],
     '(exists($."contract") && $."contract".type() != "null" && $."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."effectiveOn") && $."effectiveOn".type() != "null" && $."effectiveOn".type() == "string" && $."effectiveOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."description") && $."description".type() != "null" && $."description".type() == "string" && $."description" != "") && (!exists($."endOn") || $."endOn".type() == "null" || ($."endOn".type() == "string" && $."endOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$")) && (!exists($."valuePence") || $."valuePence".type() == "null" || ($."valuePence".type() == "number" && $."valuePence".floor() == $."valuePence" && $."valuePence" <= 9007199254740992 && $."valuePence" >= -9007199254740992))'),
    ('contract', 'ContractTerminated', 1, false, false, ARRAY['contract', 'effectiveOn', 'grounds']::text[],
     '(exists($."contract") && $."contract".type() != "null" && $."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."effectiveOn") && $."effectiveOn".type() != "null" && $."effectiveOn".type() == "string" && $."effectiveOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."grounds") && $."grounds".type() != "null" && $."grounds".type() == "string" && $."grounds" != "")'),
    ('contract', 'ServiceDecommissioned', 1, false, false, ARRAY['contract', 'effectiveOn', 'grounds', 'decision']::text[],
     '(exists($."contract") && $."contract".type() != "null" && $."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."effectiveOn") && $."effectiveOn".type() != "null" && $."effectiveOn".type() == "string" && $."effectiveOn" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."grounds") && $."grounds".type() != "null" && $."grounds".type() == "string" && $."grounds" != "") && (!exists($."decision") || $."decision".type() == "null" || ($."decision".type() == "string" && $."decision" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"))'),
    ('contract', 'ServiceReviewed', 1, false, false, ARRAY['contract', 'periodFrom', 'periodTo', 'activity', 'spendPence', 'quality', 'results', 'conclusion']::text[],
     '(exists($."contract") && $."contract".type() != "null" && $."contract".type() == "string" && $."contract" like_regex "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$") && (exists($."periodFrom") && $."periodFrom".type() != "null" && $."periodFrom".type() == "string" && $."periodFrom" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."periodTo") && $."periodTo".type() != "null" && $."periodTo".type() == "string" && $."periodTo" like_regex "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$") && (exists($."activity") && $."activity".type() != "null" && $."activity".type() == "string" && $."activity" != "") && (!exists($."spendPence") || $."spendPence".type() == "null" || ($."spendPence".type() == "number" && $."spendPence".floor() == $."spendPence" && $."spendPence" <= 9007199254740992 && $."spendPence" >= -9007199254740992)) && (exists($."quality") && $."quality".type() != "null" && $."quality".type() == "string" && $."quality" != "") && (!exists($."results") || $."results".type() == "null" || ($."results".type() == "array")) && (!exists($."conclusion") || $."conclusion".type() == "null" || ($."conclusion".type() == "string" && $."conclusion" != ""))'),
    ('contract', 'EventCorrected', 1, false, false, ARRAY['event', 'eventType', 'changes', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."changes") && $."changes".type() != "null" && $."changes".type() == "object") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")'),
    ('contract', 'EventRetracted', 1, false, false, ARRAY['event', 'eventType', 'reason', 'authority']::text[],
     '(exists($."event") && $."event".type() != "null" && $."event".type() == "string" && $."event" like_regex "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$") && (exists($."eventType") && $."eventType".type() != "null" && $."eventType".type() == "string" && $."eventType" != "") && (exists($."reason") && $."reason".type() != "null" && $."reason".type() == "string" && $."reason" != "") && (exists($."authority") && $."authority".type() != "null" && $."authority".type() == "string" && $."authority" != "")');

INSERT INTO docket.domain_event_fields (stream_kind, event_type, name, kind, required, form, choices, element_kind, element_form) VALUES
    ('organisation', 'OrganisationRegistered', 'organisation', 'string', true, 'slug', NULL, NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'name', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'kind', 'string', true, NULL, ARRAY['national-specialised-commissioning-group', 'supra-regional-specialised-commissioning-group', 'regional-specialised-commissioning-group', 'nhs-commissioning-board', 'integrated-care-system', 'clinical-commissioning-group', 'primary-care-trust', 'local-authority-joint-commissioning', 'pbc-consortium', 'pbc-practice', 'personal-health-budget-holder', 'acute-trust', 'mental-health-trust', 'community-trust', 'ambulance-trust', 'gp-practice', 'third-sector-provider'], NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'isFoundationTrust', 'boolean', true, NULL, NULL, NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'population', 'integer', false, NULL, NULL, NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'populationSource', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'geography', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'OrganisationRegistered', 'sector', 'string', true, NULL, ARRAY['commissioner', 'provider'], NULL, NULL),
    ('organisation', 'OrganisationSucceeded', 'organisation', 'string', true, 'slug', NULL, NULL, NULL),
    ('organisation', 'OrganisationSucceeded', 'successors', 'array', true, NULL, NULL, 'string', 'slug'),
    ('organisation', 'OrganisationSucceeded', 'functions', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'OrganisationSucceeded', 'functionsBySuccessor', 'array', false, NULL, NULL, NULL, NULL),
    ('organisation', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('organisation', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('organisation', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('organisation', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('organisation', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'DecisionBodyEstablished', 'body', 'string', true, 'slug', NULL, NULL, NULL),
    ('body', 'DecisionBodyEstablished', 'organisation', 'string', true, 'slug', NULL, NULL, NULL),
    ('body', 'DecisionBodyEstablished', 'name', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'DecisionBodyEstablished', 'kind', 'string', true, NULL, ARRAY['board', 'governing-body', 'committee', 'professional-executive-committee', 'joint-committee', 'health-and-wellbeing-board', 'panel'], NULL, NULL),
    ('body', 'MemberAppointed', 'body', 'string', true, 'slug', NULL, NULL, NULL),
    ('body', 'MemberAppointed', 'member', 'string', true, 'slug', NULL, NULL, NULL),
    ('body', 'MemberAppointed', 'role', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'MembershipEnded', 'body', 'string', true, 'slug', NULL, NULL, NULL),
    ('body', 'MembershipEnded', 'member', 'string', true, 'slug', NULL, NULL, NULL),
    ('body', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('body', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('body', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('body', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('body', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'MemberRegistered', 'member', 'string', true, 'slug', NULL, NULL, NULL),
    ('member', 'MemberRegistered', 'role', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'InterestDeclared', 'member', 'string', true, 'slug', NULL, NULL, NULL),
    ('member', 'InterestDeclared', 'interest', 'string', true, 'slug', NULL, NULL, NULL),
    ('member', 'InterestDeclared', 'kind', 'string', true, NULL, ARRAY['financial', 'non-financial', 'indirect'], NULL, NULL),
    ('member', 'InterestDeclared', 'organisation', 'string', true, 'slug', NULL, NULL, NULL),
    ('member', 'InterestDeclared', 'description', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'InterestDeclared', 'from', 'string', true, 'date', NULL, NULL, NULL),
    ('member', 'InterestDeclared', 'to', 'string', false, 'date', NULL, NULL, NULL),
    ('member', 'InterestEnded', 'member', 'string', true, 'slug', NULL, NULL, NULL),
    ('member', 'InterestEnded', 'interest', 'string', true, 'slug', NULL, NULL, NULL),
    ('member', 'InterestEnded', 'endedOn', 'string', true, 'date', NULL, NULL, NULL),
    ('member', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('member', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('member', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('member', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('member', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'commissioner', 'string', true, 'slug', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'title', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'serviceArea', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'geography', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'trigger', 'string', true, NULL, ARRAY['demand-mapping', 'quality-assessment', 'national-directive', 'nice-guidance', 'voluntary-sector-advice', 'operational-problem', 'strategic-plan', 'other'], NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'triggerNote', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ProgrammeLaunched', 'description', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ProgrammeStageEntered', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('programme', 'ProgrammeStageEntered', 'stage', 'string', true, NULL, ARRAY['needs-assessment', 'priority-setting', 'service-specification', 'procurement', 'contract', 'monitoring', 'review', 'decommissioning', 'discussion-and-planning', 'modelling', 'commenced-operation'], NULL, NULL),
    ('programme', 'ProgrammeStageEntered', 'note', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ServiceCommenced', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('programme', 'ServiceCommenced', 'provider', 'string', true, 'slug', NULL, NULL, NULL),
    ('programme', 'ServiceCommenced', 'contract', 'string', false, 'slug', NULL, NULL, NULL),
    ('programme', 'ServiceCommenced', 'service', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'ServiceCommenced', 'coveredBy', 'string', false, 'slug', NULL, NULL, NULL),
    ('programme', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('programme', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('programme', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('programme', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('programme', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'consultation', 'string', true, 'slug', NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'title', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'isStatutory', 'boolean', true, NULL, NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'audience', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'plannedCloseOn', 'string', true, 'date', NULL, NULL, NULL),
    ('consultation', 'ConsultationOpened', 'conductedBy', 'string', false, 'slug', NULL, NULL, NULL),
    ('consultation', 'ConsultationResponseReceived', 'consultation', 'string', true, 'slug', NULL, NULL, NULL),
    ('consultation', 'ConsultationResponseReceived', 'respondentCategory', 'string', true, NULL, ARRAY['patient', 'carer', 'public', 'gp', 'provider', 'local-authority', 'voluntary-sector', 'healthwatch', 'health-and-wellbeing-board', 'overview-and-scrutiny-committee'], NULL, NULL),
    ('consultation', 'ConsultationResponseReceived', 'stance', 'string', true, NULL, ARRAY['support', 'oppose', 'mixed', 'neutral'], NULL, NULL),
    ('consultation', 'ConsultationResponseReceived', 'summary', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'ConsultationClosed', 'consultation', 'string', true, 'slug', NULL, NULL, NULL),
    ('consultation', 'ConsultationClosed', 'closedBy', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'ConsultationClosed', 'outcome', 'string', true, NULL, ARRAY['completed', 'halted-early'], NULL, NULL),
    ('consultation', 'ConsultationClosed', 'grounds', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('consultation', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('consultation', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('consultation', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('consultation', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionProposed', 'decision', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionProposed', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionProposed', 'body', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionProposed', 'title', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionProposed', 'proposal', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionProposed', 'proposedAmountPence', 'integer', false, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'decision', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'body', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'title', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'outcome', 'string', true, NULL, ARRAY['approved', 'rejected', 'deferred'], NULL, NULL),
    ('decision', 'DecisionTaken', 'serviceChange', 'string', true, NULL, ARRAY['new', 'recommissioned', 'continued', 'decommissioned', 'none'], NULL, NULL),
    ('decision', 'DecisionTaken', 'membersPresent', 'array', true, NULL, NULL, 'string', 'slug'),
    ('decision', 'DecisionTaken', 'recusals', 'array', true, NULL, NULL, 'string', 'slug'),
    ('decision', 'DecisionTaken', 'votes', 'array', true, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'optionsConsidered', 'array', true, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'rationale', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'evidence', 'array', true, NULL, NULL, 'string', 'nonempty'),
    ('decision', 'DecisionTaken', 'consultations', 'array', true, NULL, NULL, 'string', 'slug'),
    ('decision', 'DecisionTaken', 'objectives', 'array', true, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'affectedOrganisations', 'array', true, NULL, NULL, 'string', 'slug'),
    ('decision', 'DecisionTaken', 'approvedAmountPence', 'integer', false, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'financialYear', 'string', false, 'financial-year', NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'isSignificantChange', 'boolean', false, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionTaken', 'unmetObjectivesRationale', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionRevised', 'decision', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionRevised', 'grounds', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionRevised', 'rationale', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('decision', 'DecisionRevised', 'objectives', 'array', false, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionRevised', 'approvedAmountPence', 'integer', false, NULL, NULL, NULL, NULL),
    ('decision', 'DecisionRescinded', 'decision', 'string', true, 'slug', NULL, NULL, NULL),
    ('decision', 'DecisionRescinded', 'grounds', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('decision', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('decision', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('decision', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('decision', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'allocation', 'string', true, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'payer', 'string', true, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'payee', 'string', false, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'programme', 'string', false, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'decision', 'string', false, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'amountPence', 'integer', true, NULL, NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'financialYear', 'string', true, 'financial-year', NULL, NULL, NULL),
    ('allocation', 'AllocationMade', 'controlType', 'string', true, NULL, ARRAY['real', 'indicative', 'pooled', 'delegated'], NULL, NULL),
    ('allocation', 'AllocationMade', 'paymentMechanism', 'string', true, NULL, ARRAY['block-contract', 'payment-by-results', 'capitated', 'outcome-based', 'cost-and-volume', 'personal-health-budget', 'alliance', 'lead-provider'], NULL, NULL),
    ('allocation', 'AllocationMade', 'purpose', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'AllocationAdjusted', 'allocation', 'string', true, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationAdjusted', 'amountPence', 'integer', true, NULL, NULL, NULL, NULL),
    ('allocation', 'AllocationAdjusted', 'grounds', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'AllocationAdjusted', 'previousAmountPence', 'integer', true, NULL, NULL, NULL, NULL),
    ('allocation', 'AllocationWithdrawn', 'allocation', 'string', true, 'slug', NULL, NULL, NULL),
    ('allocation', 'AllocationWithdrawn', 'grounds', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('allocation', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('allocation', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('allocation', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('allocation', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'contract', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'programme', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'commissioner', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'provider', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'decision', 'string', false, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'route', 'string', true, NULL, ARRAY['competitive-tender', 'any-qualified-provider', 'direct-award', 'lead-provider', 'framework'], NULL, NULL),
    ('contract', 'ContractAwarded', 'startOn', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'endOn', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'valuePence', 'integer', true, NULL, NULL, NULL, NULL),
    ('contract', 'ContractAwarded', 'paymentMechanism', 'string', true, NULL, ARRAY['block-contract', 'payment-by-results', 'capitated', 'outcome-based', 'cost-and-volume', 'personal-health-budget', 'alliance', 'lead-provider'], NULL, NULL),
    ('contract', 'ContractAwarded', 'service', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ContractNoticeGiven', 'contract', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractNoticeGiven', 'intent', 'string', true, NULL, ARRAY['variation', 'termination', 'decommissioning'], NULL, NULL),
    ('contract', 'ContractNoticeGiven', 'effectiveOn', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ContractNoticeGiven', 'terms', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ContractVaried', 'contract', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractVaried', 'effectiveOn', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ContractVaried', 'description', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ContractVaried', 'endOn', 'string', false, 'date', NULL, NULL, NULL),
    ('contract', 'ContractVaried', 'valuePence', 'integer', false, NULL, NULL, NULL, NULL),
    ('contract', 'ContractTerminated', 'contract', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ContractTerminated', 'effectiveOn', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ContractTerminated', 'grounds', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ServiceDecommissioned', 'contract', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ServiceDecommissioned', 'effectiveOn', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ServiceDecommissioned', 'grounds', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ServiceDecommissioned', 'decision', 'string', false, 'slug', NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'contract', 'string', true, 'slug', NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'periodFrom', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'periodTo', 'string', true, 'date', NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'activity', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'spendPence', 'integer', false, NULL, NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'quality', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'results', 'array', false, NULL, NULL, NULL, NULL),
    ('contract', 'ServiceReviewed', 'conclusion', 'string', false, 'nonempty', NULL, NULL, NULL),
    ('contract', 'EventCorrected', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('contract', 'EventCorrected', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'EventCorrected', 'changes', 'object', true, NULL, NULL, NULL, NULL),
    ('contract', 'EventCorrected', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'EventCorrected', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'EventRetracted', 'event', 'string', true, 'uuid', NULL, NULL, NULL),
    ('contract', 'EventRetracted', 'eventType', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'EventRetracted', 'reason', 'string', true, 'nonempty', NULL, NULL, NULL),
    ('contract', 'EventRetracted', 'authority', 'string', true, 'nonempty', NULL, NULL, NULL);

CREATE OR REPLACE FUNCTION docket.domain_forms_hold(p_kind text, p_type text, p_data jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN CASE p_kind || ' ' || p_type
        WHEN 'organisation OrganisationRegistered' THEN (jsonb_typeof(p_data -> 'organisation') IS DISTINCT FROM 'string' OR length(p_data ->> 'organisation') <= 64)
        WHEN 'organisation OrganisationSucceeded' THEN (jsonb_typeof(p_data -> 'organisation') IS DISTINCT FROM 'string' OR length(p_data ->> 'organisation') <= 64)
        WHEN 'body DecisionBodyEstablished' THEN (jsonb_typeof(p_data -> 'body') IS DISTINCT FROM 'string' OR length(p_data ->> 'body') <= 64)
            AND (jsonb_typeof(p_data -> 'organisation') IS DISTINCT FROM 'string' OR length(p_data ->> 'organisation') <= 64)
        WHEN 'body MemberAppointed' THEN (jsonb_typeof(p_data -> 'body') IS DISTINCT FROM 'string' OR length(p_data ->> 'body') <= 64)
            AND (jsonb_typeof(p_data -> 'member') IS DISTINCT FROM 'string' OR length(p_data ->> 'member') <= 64)
        WHEN 'body MembershipEnded' THEN (jsonb_typeof(p_data -> 'body') IS DISTINCT FROM 'string' OR length(p_data ->> 'body') <= 64)
            AND (jsonb_typeof(p_data -> 'member') IS DISTINCT FROM 'string' OR length(p_data ->> 'member') <= 64)
        WHEN 'member MemberRegistered' THEN (jsonb_typeof(p_data -> 'member') IS DISTINCT FROM 'string' OR length(p_data ->> 'member') <= 64)
        WHEN 'member InterestDeclared' THEN (jsonb_typeof(p_data -> 'member') IS DISTINCT FROM 'string' OR length(p_data ->> 'member') <= 64)
            AND (jsonb_typeof(p_data -> 'interest') IS DISTINCT FROM 'string' OR length(p_data ->> 'interest') <= 64)
            AND (jsonb_typeof(p_data -> 'organisation') IS DISTINCT FROM 'string' OR length(p_data ->> 'organisation') <= 64)
            AND (jsonb_typeof(p_data -> 'from') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'from', 'date'))
            AND (jsonb_typeof(p_data -> 'to') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'to', 'date'))
        WHEN 'member InterestEnded' THEN (jsonb_typeof(p_data -> 'member') IS DISTINCT FROM 'string' OR length(p_data ->> 'member') <= 64)
            AND (jsonb_typeof(p_data -> 'interest') IS DISTINCT FROM 'string' OR length(p_data ->> 'interest') <= 64)
            AND (jsonb_typeof(p_data -> 'endedOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'endedOn', 'date'))
        WHEN 'programme ProgrammeLaunched' THEN (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'commissioner') IS DISTINCT FROM 'string' OR length(p_data ->> 'commissioner') <= 64)
        WHEN 'programme ProgrammeStageEntered' THEN (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
        WHEN 'programme ServiceCommenced' THEN (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'provider') IS DISTINCT FROM 'string' OR length(p_data ->> 'provider') <= 64)
            AND (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'coveredBy') IS DISTINCT FROM 'string' OR length(p_data ->> 'coveredBy') <= 64)
        WHEN 'consultation ConsultationOpened' THEN (jsonb_typeof(p_data -> 'consultation') IS DISTINCT FROM 'string' OR length(p_data ->> 'consultation') <= 64)
            AND (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'plannedCloseOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'plannedCloseOn', 'date'))
            AND (jsonb_typeof(p_data -> 'conductedBy') IS DISTINCT FROM 'string' OR length(p_data ->> 'conductedBy') <= 64)
        WHEN 'consultation ConsultationResponseReceived' THEN (jsonb_typeof(p_data -> 'consultation') IS DISTINCT FROM 'string' OR length(p_data ->> 'consultation') <= 64)
        WHEN 'consultation ConsultationClosed' THEN (jsonb_typeof(p_data -> 'consultation') IS DISTINCT FROM 'string' OR length(p_data ->> 'consultation') <= 64)
        WHEN 'decision DecisionProposed' THEN (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
            AND (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'body') IS DISTINCT FROM 'string' OR length(p_data ->> 'body') <= 64)
        WHEN 'decision DecisionTaken' THEN (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
            AND (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'body') IS DISTINCT FROM 'string' OR length(p_data ->> 'body') <= 64)
            AND (jsonb_typeof(p_data -> 'financialYear') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'financialYear', 'financial-year'))
        WHEN 'decision DecisionRevised' THEN (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
        WHEN 'decision DecisionRescinded' THEN (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
        WHEN 'allocation AllocationMade' THEN (jsonb_typeof(p_data -> 'allocation') IS DISTINCT FROM 'string' OR length(p_data ->> 'allocation') <= 64)
            AND (jsonb_typeof(p_data -> 'payer') IS DISTINCT FROM 'string' OR length(p_data ->> 'payer') <= 64)
            AND (jsonb_typeof(p_data -> 'payee') IS DISTINCT FROM 'string' OR length(p_data ->> 'payee') <= 64)
            AND (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
            AND (jsonb_typeof(p_data -> 'financialYear') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'financialYear', 'financial-year'))
        WHEN 'allocation AllocationAdjusted' THEN (jsonb_typeof(p_data -> 'allocation') IS DISTINCT FROM 'string' OR length(p_data ->> 'allocation') <= 64)
        WHEN 'allocation AllocationWithdrawn' THEN (jsonb_typeof(p_data -> 'allocation') IS DISTINCT FROM 'string' OR length(p_data ->> 'allocation') <= 64)
        WHEN 'contract ContractAwarded' THEN (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'programme') IS DISTINCT FROM 'string' OR length(p_data ->> 'programme') <= 64)
            AND (jsonb_typeof(p_data -> 'commissioner') IS DISTINCT FROM 'string' OR length(p_data ->> 'commissioner') <= 64)
            AND (jsonb_typeof(p_data -> 'provider') IS DISTINCT FROM 'string' OR length(p_data ->> 'provider') <= 64)
            AND (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
            AND (jsonb_typeof(p_data -> 'startOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'startOn', 'date'))
            AND (jsonb_typeof(p_data -> 'endOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'endOn', 'date'))
        WHEN 'contract ContractNoticeGiven' THEN (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'effectiveOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'effectiveOn', 'date'))
        WHEN 'contract ContractVaried' THEN (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'effectiveOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'effectiveOn', 'date'))
            AND (jsonb_typeof(p_data -> 'endOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'endOn', 'date'))
        WHEN 'contract ContractTerminated' THEN (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'effectiveOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'effectiveOn', 'date'))
        WHEN 'contract ServiceDecommissioned' THEN (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'effectiveOn') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'effectiveOn', 'date'))
            AND (jsonb_typeof(p_data -> 'decision') IS DISTINCT FROM 'string' OR length(p_data ->> 'decision') <= 64)
        WHEN 'contract ServiceReviewed' THEN (jsonb_typeof(p_data -> 'contract') IS DISTINCT FROM 'string' OR length(p_data ->> 'contract') <= 64)
            AND (jsonb_typeof(p_data -> 'periodFrom') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'periodFrom', 'date'))
            AND (jsonb_typeof(p_data -> 'periodTo') IS DISTINCT FROM 'string' OR docket.text_has_form(p_data ->> 'periodTo', 'date'))
        ELSE true
    END;
