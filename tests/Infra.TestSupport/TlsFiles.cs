namespace Infra.TestSupport;

/// <summary>A throwaway certificate authority and a server certificate it signed, made with openssl for a test run.</summary>
public sealed class TlsFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tls-").FullName;

    /// <summary>Creates a CA and a certificate for <paramref name="serverName"/> (and 127.0.0.1 unless <paramref
    /// name="includeLoopbackAddress"/> is false).</summary>
    public TlsFiles(string serverName = "localhost", bool includeLoopbackAddress = true)
    {
        CaFile = Path.Combine(_directory, "ca.crt");
        CertificateFile = Path.Combine(_directory, "server.crt");
        KeyFile = Path.Combine(_directory, "server.key");
        var caKey = Path.Combine(_directory, "ca.key");
        var request = Path.Combine(_directory, "server.csr");
        var extensions = Path.Combine(_directory, "server.ext");
        File.WriteAllText(
            extensions,
            $"subjectAltName=DNS:{serverName}{(includeLoopbackAddress ? ",IP:127.0.0.1" : "")}\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        );
        OpenSsl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            caKey,
            "-out",
            CaFile,
            "-days",
            "2",
            "-subj",
            "/CN=Infra test CA"
        );
        OpenSsl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", KeyFile, "-out", request, "-subj", $"/CN={serverName}");
        OpenSsl(
            "x509",
            "-req",
            "-in",
            request,
            "-CA",
            CaFile,
            "-CAkey",
            caKey,
            "-CAcreateserial",
            "-out",
            CertificateFile,
            "-days",
            "2",
            "-extfile",
            extensions
        );
    }

    /// <summary>The CA certificate (PEM): what a client verifies the server against.</summary>
    public string CaFile { get; }

    /// <summary>The server certificate (PEM).</summary>
    public string CertificateFile { get; }

    /// <summary>The server's private key (PEM).</summary>
    public string KeyFile { get; }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void OpenSsl(params string[] arguments)
    {
        var result = ProcessRunner.Run("openssl", arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(
                $"openssl {string.Join(' ', arguments)} failed (install Debian's openssl): {result.Stderr}"
            );
    }
}
