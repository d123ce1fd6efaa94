namespace EscalationRisk.Scoring.Tests.Behaviour;

/// <summary>The behavioural suite's English templates, written by the team in wire-service register.</summary>
internal static class EnglishTemplates
{
    public static readonly Dictionary<SignalCategory, string[]> Categories = new()
    {
        [SignalCategory.StrikeOption] =
        [
            "{A}'s president is weighing military options against {B}, two officials said on {D}.",
            "The defence ministry of {A} presented the cabinet with plans for air strikes on {B}'s missile sites.",
            "The leader of {A} has not yet decided whether to order strikes on {B}, a spokesman said on {D}.",
            "Officials in {A} said a military strike on {B} remained an option if diplomacy failed.",
            "{A} is considering strikes against armed groups in {B}, according to people familiar with the discussions.",
            "Generals in {A} briefed the prime minister on options for an attack on {B}'s air bases.",
        ],
        [SignalCategory.ThreatToRespond] =
        [
            "{A} warned {B} that any attack on its territory would be met with a crushing response.",
            "{A}'s foreign minister said his country would retaliate against {B} for the killing of {N} soldiers.",
            "{A} vowed to retaliate after accusing {B} of sabotaging a pipeline near {P}.",
            "The army chief of {A} said his forces were ready to strike {B} at any moment.",
            "{A} threatened {B} with grave consequences over the seizure of a cargo ship on {D}.",
            "{A} said it reserved the right to respond to what it called {B}'s provocation near {P}.",
        ],
        [SignalCategory.MilitaryMobilization] =
        [
            "{A} deployed {N} additional battalions to its border with {B} on {D}.",
            "{A} put its forces on high alert after {B} moved missile batteries close to {P}.",
            "{A} sent an aircraft carrier and {N} warships towards the coast of {B}, the navy said.",
            "{A} called up reservists as tension with {B} rose over {P}.",
            "Satellite images showed {A} massing troops and armour along the frontier with {B}.",
            "{A} declared a state of alert in its armed forces after a standoff with {B} on {D}.",
        ],
        [SignalCategory.Attack] =
        [
            "{A} launched air strikes on positions in {B} on {D}, killing {N} fighters, officials said.",
            "Artillery from {A} shelled villages across the border in {B} overnight.",
            "{A} said its air defences shot down {N} drones launched from {B} over {P}.",
            "Troops from {A} and {B} clashed near {P} on {D}, leaving {N} soldiers dead.",
            "A missile fired by {A} hit a military base in {B}, the defence ministry said.",
            "Forces of {A} carried out a raid on a camp in {B}, killing {N} militants.",
        ],
        [SignalCategory.Coercion] =
        [
            "{A} imposed new sanctions on {B}'s oil and banking sectors on {D}.",
            "{A} expelled {B}'s ambassador and gave him 48 hours to leave the country.",
            "{A} cut diplomatic ties with {B}, the foreign ministry said on {D}.",
            "{A} gave {B} an ultimatum of {N} days to withdraw its forces from {P}.",
            "{A} closed its airspace to all flights from {B} with immediate effect.",
            "{A} imposed a naval blockade on {B}'s ports, officials said.",
        ],
        [SignalCategory.CallForCalm] =
        [
            "{C} called on {A} and {B} to exercise restraint and avoid any escalation.",
            "The foreign ministry of {C} urged {A} and {B} to settle their dispute peacefully.",
            "{C} appealed for calm after clashes between {A} and {B} near {P}.",
            "{C}'s president urged {A} and {B} to show restraint and return to dialogue.",
            "{C} called for de-escalation between {A} and {B}, warning against a wider war.",
            "Leaders of {C} urged {A} and {B} to avoid steps that could inflame tension.",
        ],
        [SignalCategory.Mediation] =
        [
            "{C} offered to mediate between {A} and {B} over the disputed border.",
            "{C} will host talks between {A} and {B} next week, the foreign ministry said.",
            "An envoy from {C} is mediating between {A} and {B} to end the crisis.",
            "{C} is brokering negotiations between {A} and {B}, diplomats said on {D}.",
            "{C} said it was ready to mediate between {A} and {B} to defuse the standoff.",
            "Mediators from {C} met delegations from {A} and {B} on {D}.",
        ],
        [SignalCategory.Dialogue] =
        [
            "The foreign ministers of {A} and {B} held talks on {D}, their ministries said.",
            "The presidents of {A} and {B} spoke by telephone and agreed to keep in contact.",
            "{A} and {B} agreed to resume negotiations on their border dispute next month.",
            "Delegations from {A} and {B} met on {D} for a new round of negotiations.",
            "{A} and {B} held a round of talks and agreed to meet again, officials said.",
            "The leader of {A} received {B}'s foreign minister for talks on {D}.",
        ],
        [SignalCategory.Ceasefire] =
        [
            "{A} and {B} agreed to a ceasefire along their border starting at midnight.",
            "A truce between {A} and {B} took effect on {D}, officials said.",
            "{A} and {B} exchanged {N} prisoners under a deal reached last week.",
            "{A} and {B} signed an agreement to end the fighting near {P}.",
            "The ceasefire between {A} and {B} largely held on {D}, monitors said.",
            "{A} announced a ceasefire with {B} after weeks of fighting near {P}.",
        ],
        [SignalCategory.Restraint] =
        [
            "{A} postponed planned military exercises near its border with {B}.",
            "{A} ruled out military action against {B}, the defence minister said on {D}.",
            "{A} pulled back {N} troops from its border with {B}, the army said.",
            "{A} froze its plans for strikes on {B}, officials said on {D}.",
            "{A} lowered the alert level of its forces on the frontier with {B}.",
            "{A} eased sanctions on {B} and lifted a ban on flights.",
        ],
    };

    public static readonly Dictionary<string, string[]> HardNegatives = new()
    {
        ["sport"] =
        [
            "{X} striker {Y} fired in a late shot to beat the visitors 2-1 on {D}.",
            "{A}'s national team launched wave after wave of attacks but could not score against {B}.",
            "{Y} bombarded the goal in the second half as {X} crushed their rivals 4-0.",
            "The {X} coach said his attack must be sharper before the cup final against {B}.",
            "{A} beat {B} 3-1 in a World Cup qualifier, with {Y} scoring twice on the counter-attack.",
            "{X} defended deep and struck twice on the break to win the derby on {D}.",
        ],
        ["markets"] =
        [
            "Shares in {X} exploded higher on {D} after a takeover bid from a rival.",
            "A price war among airlines in {A} sent fares to a record low.",
            "{X} launched a hostile takeover bid for a competitor based in {B}.",
            "The stock market in {A} came under attack from sellers as oil prices fell.",
            "Investors in {A} braced for a battle over {X}'s board seats at the annual meeting.",
            "{X} fired its chief executive after the shares crashed {N} per cent.",
        ],
        ["medicine"] =
        [
            "Doctors in {A} said heart attacks among young adults had risen by {N} per cent.",
            "The virus attacks the immune system, researchers in {A} said on {D}.",
            "Hospitals in {A} are fighting an outbreak of measles in {P}.",
            "A new drug developed in {B} helps the body fight off infections, scientists said.",
            "{N} patients in {A} received a vaccine shot on {D} under the national campaign.",
            "Health officials in {A} launched a campaign against malaria in {P}.",
        ],
        ["weather"] =
        [
            "A powerful storm struck the coast of {A} on {D}, cutting power to thousands of homes.",
            "{A} deployed {N} soldiers to help flood victims in {P}.",
            "Authorities in {A} declared a state of alert as heavy rain flooded {P}.",
            "Lightning struck a power station in {A}, the energy ministry said.",
            "An earthquake struck {P} in {A} on {D}, damaging dozens of buildings.",
            "The army in {A} mobilised helicopters to rescue villagers cut off by snow.",
        ],
        ["games_films"] =
        [
            "The new war film from {A} depicts the invasion of a fictional island nation.",
            "In the video game, players launch air strikes on enemy bases to win each level.",
            "A director from {B} said the battle scenes in his film took {N} weeks to shoot.",
            "The strategy game lets players invade rival kingdoms and lay siege to castles.",
            "Critics praised the thriller's explosive finale, in which an assault team storms a tower.",
            "The series about a commando unit in {A} drew {N} million viewers on {D}.",
        ],
        ["parades_anniversaries"] =
        [
            "Artillery fired a 21-gun salute as the president of {A} arrived in {B} on {D}.",
            "{A} marked the 80th anniversary of the invasion that began the war of 1944.",
            "Tanks and jets took part in {A}'s national day parade on {D}.",
            "Veterans in {A} laid wreaths to remember the battle fought at {P} decades ago.",
            "{A} held a ceremony on {D} for soldiers who fell in the war against {B} in 1973.",
            "Fighter jets flew over the capital of {A} to celebrate independence day.",
        ],
    };

    /// <summary>
    /// Pairs for the directional tests: an escalation sentence, and the same step denied, negated, deferred or
    /// renounced, which must move the label out of escalation.
    /// </summary>
    public static readonly (string Base, string Changed)[] AwayFromEscalation =
    [
        ("{A} is preparing strikes on {B}'s air bases, officials said.", "{A} denied that it was preparing strikes on {B}'s air bases, officials said."),
        ("{A} launched an attack on {B}'s border posts on {D}.", "{A} denied that it had any intention of attacking {B}'s border posts."),
        ("{A} is considering military action against {B}.", "{A} ruled out military action against {B}."),
        ("{A} plans to invade {B}, according to intelligence reports.", "{A} has no plans to invade {B}, the foreign ministry said."),
        ("{A} deployed {N} troops to its border with {B}.", "{A} withdrew {N} troops from its border with {B}."),
        ("{A} will carry out strikes on {B} next week.", "{A} postponed the strikes it had planned on {B} next week."),
        ("{A} threatened to use force against {B}.", "{A} renounced the use of force against {B}."),
        ("{A} put its army on high alert near {B}.", "{A} lifted the high alert it had declared near {B}."),
        ("{A} imposed sanctions on {B}'s banks.", "{A} lifted the sanctions on {B}'s banks."),
        ("{A}'s army shelled positions in {B} overnight.", "{A}'s army did not shell any positions in {B} overnight, a spokesman said."),
        ("{A} is weighing strikes against {B}.", "{A} has frozen its plans for strikes against {B}."),
        ("{A} said it would attack {B} if provoked.", "{A} said it would never attack {B} and wanted good relations."),
    ];

    /// <summary>Pairs: a dialogue sentence, and the same with a conditional threat, which must raise escalation.</summary>
    public static readonly (string Base, string Changed)[] TowardEscalation =
    [
        ("{A} agreed to resume talks with {B} next month.", "{A} agreed to resume talks with {B} next month but warned it would use force if the talks failed."),
        ("{A} said it remained open to negotiations with {B}.", "{A} said it remained open to negotiations with {B}, but that its army would strike if they collapsed."),
        ("The foreign ministers of {A} and {B} held talks on {D}.", "The foreign ministers of {A} and {B} held talks on {D}, and {A} warned of a military response if {B} did not withdraw."),
        ("{A} welcomed {C}'s offer to mediate with {B}.", "{A} welcomed {C}'s offer to mediate with {B} but threatened to retaliate if the mediation failed."),
        ("{A} and {B} agreed to keep in contact.", "{A} and {B} agreed to keep in contact, though {A} said its patience was running out and it was ready to strike."),
    ];
}
