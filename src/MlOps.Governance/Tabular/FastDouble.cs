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
        // Leading zeros (before or after the point) are not significant: skip them so that the digit loops below
        // count significant digits by position instead of testing every digit.
        var start = i;
        while ((uint)i < (uint)s.Length && s[i] == '0')
        {
            i++;
        }
        var anyDigit = i > start;
        var exponent = 0;      // power of ten applied to the mantissa
        if (i < n && s[i] == '.' && (i + 1 >= n || s[i + 1] == '0'))
        {
            // 0.000123: the zeros after the point scale the number without being significant.
            i++;
            while ((uint)i < (uint)s.Length && s[i] == '0')
            {
                anyDigit = true;
                exponent--;
                i++;
            }
            // Continue with the fraction's significant digits as if the point came just before them.
            var fractionStart = i;
            ulong fraction = 0;
            while ((uint)i < (uint)s.Length && (uint)(s[i] - '0') <= 9)
            {
                fraction = fraction * 10 + (uint)(s[i] - '0');
                i++;
            }
            if (i - fractionStart > 15)
            {
                return false;
            }
            anyDigit |= i > fractionStart;
            return Finish(s, i, negative, fraction, exponent - (i - fractionStart), anyDigit, out value);
        }
        ulong mantissa = 0;
        var integerStart = i;
        while ((uint)i < (uint)s.Length && (uint)(s[i] - '0') <= 9)
        {
            mantissa = mantissa * 10 + (uint)(s[i] - '0');
            i++;
        }
        var digits = i - integerStart; // significant digits taken into the mantissa
        anyDigit |= digits > 0;
        if (i < n && s[i] == '.')
        {
            i++;
            var fractionStart = i;
            while ((uint)i < (uint)s.Length && (uint)(s[i] - '0') <= 9)
            {
                mantissa = mantissa * 10 + (uint)(s[i] - '0');
                i++;
            }
            digits += i - fractionStart;
            exponent -= i - fractionStart;
            anyDigit |= i > fractionStart;
        }
        // More than 15 significant digits may not be exact in a double (and more than 19 overflow the mantissa).
        if (digits > 15)
        {
            return false;
        }
        return Finish(s, i, negative, mantissa, exponent, anyDigit, out value);
    }

    // The exponent part, then one exact multiplication or division.
    private static bool Finish(ReadOnlySpan<char> s, int i, bool negative, ulong mantissa, int exponent, bool anyDigit, out double value)
    {
        value = 0;
        var n = s.Length;
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
            while ((uint)i < (uint)s.Length && (uint)(s[i] - '0') <= 9)
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
