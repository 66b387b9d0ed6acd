using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;

namespace Cica.Portal.Pages;

/// <summary>The Secretariat's form for one amendment of the list of coordinating countries: the decision, the day it takes effect, one change.</summary>
public sealed class AmendmentForm
{
    /// <summary>The body that decided.</summary>
    public DecisionBody Body { get; set; } = DecisionBody.SeniorOfficialsCommittee;

    /// <summary>The meeting, as the record names it.</summary>
    public string? Meeting { get; set; }

    /// <summary>The decision's date ("2022-10-12").</summary>
    public string? DecisionDate { get; set; }

    /// <summary>The decision's item number (0: not numbered).</summary>
    public int Item { get; set; }

    /// <summary>The symbol of the document recording the decision.</summary>
    public string? Document { get; set; }

    /// <summary>The day the amendment takes effect ("" for the decision's date).</summary>
    public string? EffectiveOn { get; set; }

    /// <summary>add, end or replace.</summary>
    public string Change { get; set; } = "add";

    /// <summary>The priority area (add).</summary>
    public string? Area { get; set; }

    /// <summary>The member state (add, replace).</summary>
    public string? Country { get; set; }

    /// <summary>The role (add).</summary>
    public CoordinatorRole Role { get; set; } = CoordinatorRole.Coordinator;

    /// <summary>The term's first year or date (add; empty: until a later decision ends it).</summary>
    public string? TermStart { get; set; }

    /// <summary>The term's last year or date.</summary>
    public string? TermEnd { get; set; }

    /// <summary>The assignment ended or replaced (end, replace).</summary>
    public string? Assignment { get; set; }

    /// <summary>The request (request_id makes a resubmitted form change nothing twice).</summary>
    public AmendCoordinatorListRequest ToRequest(string requestId)
    {
        var request = new AmendCoordinatorListRequest
        {
            Decision = new DecisionReference
            {
                Body = Body, Meeting = Meeting?.Trim() ?? "", Date = PortalPage.ParseDate(DecisionDate), Item = Item,
                Document = string.IsNullOrWhiteSpace(Document) ? null : new DocumentSymbol { Value = Document.Trim() },
            },
            EffectiveOn = PortalPage.ParseDate(EffectiveOn),
            RequestId = requestId,
        };
        var country = Country?.Trim().ToUpperInvariant() ?? "";
        request.Changes.Add(Change switch
        {
            "end" => new CoordinatorListChange { End = new() { Assignment = Assignment ?? "" } },
            "replace" => new CoordinatorListChange { Replace = new() { Assignment = Assignment ?? "", CountryCode = country } },
            _ => new CoordinatorListChange
            {
                Add = new()
                {
                    PriorityArea = Area ?? "", CountryCode = country, Role = Role,
                    Term = string.IsNullOrWhiteSpace(TermStart) && string.IsNullOrWhiteSpace(TermEnd) ? null
                        : new Period { Start = PortalPage.ParseDate(TermStart), End = PortalPage.ParseDate(TermEnd) },
                },
            },
        });
        return request;
    }
}
