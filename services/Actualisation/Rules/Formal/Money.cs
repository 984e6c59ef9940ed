namespace Actualisation.Rules.Formal;

// Rounding as RULES.md §2 and §5.6 state it. Amounts are exact decimals of euro cents until one rounding per
// component; all amounts here are non-negative, so "away from zero" is "half up".
public static class Money
{
    // round2: to the cent, exact half up (Reg. CE 1103/97 art. 5).
    public static long Round2(decimal cents) => (long)Math.Round(cents, MidpointRounding.AwayFromZero);

    // Local taxes to the euro (art. 1 c.166 L. 296/2006): a fraction up to 49 cents goes down, otherwise up (RULES.md
    // §9.10: exactly .49 goes down).
    public static long RoundEuro(long cents)
    {
        var fraction = cents % 100;
        return fraction <= 49 ? cents - fraction : cents - fraction + 100;
    }
}
