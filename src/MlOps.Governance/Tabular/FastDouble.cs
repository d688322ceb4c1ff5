using System.Runtime.CompilerServices;
namespace MlOps.Governance.Tabular;

/// <summary>
/// The common-case decimal parser (Clinger's fast path): a plain decimal with at most 15 significant digits
/// and a small power of ten is converted exactly with one multiplication or division, which is correctly
/// rounded because both operands are exact doubles. Anything else returns false and the caller falls back
/// to <see cref="double.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider?, out double)"/>,
/// so results are always identical to the framework parser.
/// </summary>
internal static class FastDouble
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="s"/> when it is a simple decimal; false means "use the slow parser".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var i = 0;
        var n = s.Length;
        if (n == 0 || n > 40)
        {
            return false;
        }
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i++;
        }
        ulong mantissa = 0;
        var digits = 0;        // significant digits taken into the mantissa
        var exponent = 0;      // power of ten applied to the mantissa
        var anyDigit = false;
        while (i < n && (uint)(s[i] - '0') <= 9)
        {
            anyDigit = true;
            if (mantissa != 0 || s[i] != '0')
            {
                if (++digits > 15)
                {
                    return false;
                }
                mantissa = mantissa * 10 + (uint)(s[i] - '0');
            }
            i++;
        }
        if (i < n && s[i] == '.')
        {
            i++;
            while (i < n && (uint)(s[i] - '0') <= 9)
            {
                anyDigit = true;
                if (mantissa != 0 || s[i] != '0')
                {
                    if (++digits > 15)
                    {
                        return false;
                    }
                    mantissa = mantissa * 10 + (uint)(s[i] - '0');
                }
                exponent--;
                i++;
            }
        }
        if (!anyDigit)
        {
            return false;
        }
        if (i < n && (s[i] is 'e' or 'E'))
        {
            i++;
            var expNegative = false;
            if (i < n && s[i] is '-' or '+')
            {
                expNegative = s[i] == '-';
                i++;
            }
            var e = 0;
            var expDigits = 0;
            while (i < n && (uint)(s[i] - '0') <= 9)
            {
                e = e * 10 + (s[i] - '0');
                if (++expDigits > 4)
                {
                    return false;
                }
                i++;
            }
            if (expDigits == 0)
            {
                return false;
            }
            exponent += expNegative ? -e : e;
        }
        if (i != n)
        {
            return false;
        }
        double result = mantissa;
        if (mantissa != 0)
        {
            if (exponent < 0)
            {
                if (exponent < -22)
                {
                    return false;
                }
                result /= PowersOfTen[-exponent];
            }
            else if (exponent > 0)
            {
                if (exponent > 22)
                {
                    return false;
                }
                result *= PowersOfTen[exponent];
            }
        }
        value = negative ? -result : result;
        return true;
    }
}
