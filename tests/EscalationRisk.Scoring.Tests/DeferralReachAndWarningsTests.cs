using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Tests;

/// <summary>
/// The reach of a deferral, found on the challenge set's dev half and the tuning files of 2026-12-07 (6): a deferral
/// that follows an escalation reaches it only from a few words on ("the offensive planned for Friday was postponed"),
/// not as the second of two acts ("shut its airspace ... and suspended overflight permits"); it does not reach into a
/// clause opened by "after", nor take that clause's forces for plans of its own. Also warnings told as "no choice but",
/// "a swift and decisive reaction" or consequences to bear; unnamed kingdoms and the two Koreas; weather waited for;
/// cricket, crashes, locusts; curfews threatened; names taken off a sanctions list; ships struck, targets threatened,
/// gas cut off, a plan ready; Arabic provinces (مقاطعات) are no boycotts, a coach's threat is sport, a mass rally (تجمع
/// جماهيري) is not. 14 of the first 21 cases failed with the release before (lexicon 2026.12.5; the four added last
/// were not run against it); the others guard what the new words could break (a reef, cocaine, a postponed offensive,
/// "no choice but" outside force, a struck ship whose crew abandoned it, a rally) or were read there by the model (the
/// Tehran warning).
/// </summary>
public class DeferralReachAndWarningsTests
{
    [Fact]
    public void The_second_of_two_acts_does_not_defer_the_first()
    {
        var scored = Scoring.Score("The emirate shut its airspace to all aircraft registered in the neighbouring state and suspended the landing rights of its carrier.");
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Fact]
    public void A_halt_after_an_attack_is_no_restraint()
    {
        var scored = Scoring.AssertLabelWith("Port officials said the terminal suspended loading after a drone damaged one of its storage tanks.",
            ArticleLabel.Escalation, SignalCategory.Attack);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Theory]
    [InlineData("If the mediation in Doha fails, the government will have no choice but to resort to military force, an adviser said.", SignalCategory.ThreatToRespond)]
    [InlineData("Tehran cautioned that any aggression against its oil facilities would draw a swift and decisive reaction.", SignalCategory.ThreatToRespond)]
    [InlineData("The army has finished its plans for an assault on the border town and is waiting for weather conditions to improve.", SignalCategory.StrikeOption)]
    [InlineData("Beijing told Manila to stop its provocations or bear all the consequences.", SignalCategory.ThreatToRespond)]
    [InlineData("Russia cut gas supplies to Moldova from the start of the year.", SignalCategory.Coercion)]
    [InlineData("The army chief said the military had a plan ready should the government order action on the border.", SignalCategory.StrikeOption)]
    public void Escalation_told_in_other_words_is_found(string sentence, SignalCategory category)
    {
        Scoring.AssertLabelWith(sentence, ArticleLabel.Escalation, category);
    }

    [Fact]
    public void The_two_Koreas_are_parties()
    {
        Scoring.AssertLabelWith("The two Koreas agreed to hold working-level talks at Panmunjom next week.",
            ArticleLabel.Deescalation, SignalCategory.Dialogue);
    }

    [Theory]
    [InlineData("Pakistan's pace attack skittled New Zealand for 112 to wrap up the series.")]
    [InlineData("Two army helicopters collided during a night training flight, killing all four crew members.")]
    [InlineData("Desert locust swarms invaded farmland in three districts of northern Kenya.")]
    public void Cricket_crashes_and_locusts_are_neutral(string sentence)
    {
        Assert.Equal(ArticleLabel.Neutral, Scoring.Score(sentence).Label);
    }

    [Theory]
    [InlineData("A container ship was struck by a missile off Aden, and its crew abandoned ship.", SignalCategory.Attack)]
    [InlineData("Iran said it would target American bases if it came under attack.", SignalCategory.ThreatToRespond)]
    public void Ships_struck_and_targets_threatened_are_escalation(string sentence, SignalCategory category)
    {
        var scored = Scoring.AssertLabelWith(sentence, ArticleLabel.Escalation, category);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Theory]
    [InlineData("تنظم فعاليات في مختلف المقاطعات بمناسبة ذكرى تأسيس الجيش.")]
    [InlineData("توعد مدرب المنتخب برد قوي في مباراة الإياب بعد الخسارة الثقيلة.")]
    public void Provinces_and_coaches_are_neutral_in_Arabic(string sentence) =>
        Assert.Equal(ArticleLabel.Neutral, Scoring.Score(sentence).Label);

    [Fact]
    public void A_mass_rally_is_no_sport()
    {
        Scoring.AssertLabelWith("قال رئيس الوزراء في تجمع جماهيري إن منفذي الهجوم على الجنود سيدفعون ثمنا باهظا.",
            ArticleLabel.Escalation, SignalCategory.ThreatToRespond);
    }

    [Fact]
    public void A_ship_that_struck_a_reef_was_not_attacked() =>
        Assert.Equal(ArticleLabel.Neutral, Scoring.Score("A cargo ship struck a reef off the coast and sank.").Label);

    [Fact]
    public void A_curfew_threatened_on_a_condition_is_a_threat()
    {
        Scoring.AssertLabelWith("The government will impose a nationwide curfew if the riots continue into next week, the interior minister warned.",
            ArticleLabel.Escalation, SignalCategory.ThreatToRespond);
    }

    [Fact]
    public void Names_taken_off_a_sanctions_list_are_restraint()
    {
        var scored = Scoring.Score("Canada removed 16 Syrian entities from its sanctions list on Thursday.");
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Coercion);
    }

    // Guards: these passed before and must still pass.
    [Fact]
    public void A_deferral_just_after_the_offensive_still_defers_it()
    {
        Scoring.AssertLabelWith("The offensive planned for Friday was postponed, military officials said.",
            ArticleLabel.Deescalation, SignalCategory.Restraint);
    }

    [Fact]
    public void Cocaine_seized_is_no_coercion() =>
        Assert.Equal(ArticleLabel.Neutral, Scoring.Score("Police seized two tonnes of cocaine hidden in a shipment of bananas at the port.").Label);

    [Fact]
    public void A_team_that_bears_the_consequences_threatens_no_one() =>
        Assert.Equal(ArticleLabel.Neutral, Scoring.Score("Supporters said the team would bear the consequences of the defeat.").Label);

    [Fact]
    public void No_choice_but_outside_force_is_no_threat()
    {
        Assert.Equal(ArticleLabel.Neutral, Scoring.Score("Farmers said they had no choice but to sell their land after the drought.").Label);
    }
}
