/// What an organisation is. The kind fixes its sector: commissioners pay for services, providers deliver them.
///
/// The list spans the commissioning continuum in domain.md (B1): national specialised commissioning down to
/// a personal health budget holder, and the provider kinds named in the sources.
public enum OrganisationKind: String, Sendable, CaseIterable, DomainTerm {
    // Commissioners.
    case nationalSpecialisedCommissioningGroup = "national-specialised-commissioning-group"
    case supraRegionalSpecialisedCommissioningGroup = "supra-regional-specialised-commissioning-group"
    case regionalSpecialisedCommissioningGroup = "regional-specialised-commissioning-group"
    case nhsCommissioningBoard = "nhs-commissioning-board"
    case integratedCareSystem = "integrated-care-system"
    case clinicalCommissioningGroup = "clinical-commissioning-group"
    case primaryCareTrust = "primary-care-trust"
    case localAuthorityJointCommissioning = "local-authority-joint-commissioning"
    case pbcConsortium = "pbc-consortium"
    case pbcPractice = "pbc-practice"
    case personalHealthBudgetHolder = "personal-health-budget-holder"
    // Providers.
    case acuteTrust = "acute-trust"
    case mentalHealthTrust = "mental-health-trust"
    case communityTrust = "community-trust"
    case ambulanceTrust = "ambulance-trust"
    case gpPractice = "gp-practice"
    case thirdSectorProvider = "third-sector-provider"

    public enum Sector: String, Sendable, CaseIterable {
        case commissioner
        case provider
    }

    public var sector: Sector {
        switch self {
        case .nationalSpecialisedCommissioningGroup, .supraRegionalSpecialisedCommissioningGroup,
             .regionalSpecialisedCommissioningGroup, .nhsCommissioningBoard, .integratedCareSystem,
             .clinicalCommissioningGroup, .primaryCareTrust, .localAuthorityJointCommissioning, .pbcConsortium,
             .pbcPractice, .personalHealthBudgetHolder:
            .commissioner
        case .acuteTrust, .mentalHealthTrust, .communityTrust, .ambulanceTrust, .gpPractice, .thirdSectorProvider:
            .provider
        }
    }

    /// NHS trusts, the only organisations that can hold foundation-trust status.
    public var isNHSTrust: Bool {
        switch self {
        case .acuteTrust, .mentalHealthTrust, .communityTrust, .ambulanceTrust: true
        default: false
        }
    }
}
