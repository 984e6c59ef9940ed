using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Receipts.Webhooks;

// Signing secrets: made here (`whsec_` + base64 of 24 random bytes, the Standard Webhooks form), shown to the EC
// once, stored only as AES-256-GCM ciphertexts under `Webhooks:SecretKey` (a database dump alone reveals nothing; ADR
// 0024).
internal sealed class WebhookSecrets(IOptions<WebhookOptions> options)
{
    private const string Prefix = "whsec_";
    private const string CiphertextVersion = "v1:";
    private readonly byte[]? _key = Key(options.Value.SecretKey);

    public bool Configured => _key is not null;

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public string Encrypt(string secret)
    {
        var key = _key ?? throw new InvalidOperationException("Webhooks:SecretKey is not configured");
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag);
        return CiphertextVersion + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string Decrypt(string ciphertext)
    {
        var key = _key ?? throw new InvalidOperationException("Webhooks:SecretKey is not configured");
        if (!ciphertext.StartsWith(CiphertextVersion, StringComparison.Ordinal)) throw new CryptographicException("unknown secret ciphertext version");
        var bytes = Convert.FromBase64String(ciphertext[CiphertextVersion.Length..]);
        var nonce = bytes.AsSpan(0, 12);
        var tag = bytes.AsSpan(12, 16);
        var cipher = bytes.AsSpan(28);
        var plain = new byte[cipher.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Decrypt(nonce, cipher, tag, plain);
        return Encoding.UTF8.GetString(plain);
    }

    // `v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with the secret's decoded bytes (Standard
    // Webhooks).
    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private static byte[]? Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var bytes = Convert.FromBase64String(text);
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException("Webhooks:SecretKey must be base64 of exactly 32 bytes");
    }
}
