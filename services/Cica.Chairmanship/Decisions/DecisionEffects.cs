using Cica.Contracts.Chairmanship.V1;

namespace Cica.Chairmanship.Decisions;

/// <summary>Which service owns each kind of effect of a decision.</summary>
public static class DecisionEffects
{
    /// <summary>This service: chairmanship terms, meetings and authorised signatures are recorded here.</summary>
    public const string Chairmanship = "chairmanship";
    /// <summary>Membership: admissions.</summary>
    public const string Membership = "membership";
    /// <summary>CBM Coordination: the list of coordinating countries.</summary>
    public const string Cbm = "cbm";
    /// <summary>Concept Papers: approved policy documents.</summary>
    public const string ConceptPapers = "concept-papers";

    /// <summary>The owning service of an effect.</summary>
    public static string OwnerOf(DecisionEffect effect) => effect.EffectCase switch
    {
        DecisionEffect.EffectOneofCase.AdmitMemberState => Membership,
        DecisionEffect.EffectOneofCase.AmendCoordinatorList => Cbm,
        DecisionEffect.EffectOneofCase.ApprovePolicyDocument => ConceptPapers,
        _ => Chairmanship,
    };
}
