using System.Text;

namespace AlbEmulator.Configuration.Reading;

/// <summary>
/// Reads a config file's text defensively: a directory, a missing or unreadable file, a file over the size
/// limit, or something that is not a text file (a device such as /dev/zero, binary data) each give one
/// clear message, and no more than the limit is ever read.
/// </summary>
internal static class ConfigFileText
{
    /// <summary>Null and the text when the file was read; otherwise the problem, for the user.</summary>
    public static string? Read(string path, int maxBytes, out string text)
    {
        text = "";
        if (Directory.Exists(path))
        {
            return $"Config path '{path}' is a directory; give a JSON or YAML file";
        }

        try
        {
            using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 0 });
            var declared = stream.CanSeek ? stream.Length : 0;
            if (declared > maxBytes)
            {
                return $"Config file '{path}' is {declared:N0} bytes; the limit is {maxBytes:N0} bytes ({maxBytes / (1024 * 1024)} MiB)";
            }

            var buffer = new byte[Math.Min(maxBytes + 1L, Math.Max(declared + 1, 64 * 1024))];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        return declared == 0
                            ? $"Config file '{path}' is not a regular file (it reads more than {maxBytes:N0} bytes without end, like a device); give a JSON or YAML file"
                            : $"Config file '{path}' grew past the {maxBytes:N0}-byte limit while it was read";
                    }

                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (Array.IndexOf(buffer, (byte)0, 0, length) >= 0)
            {
                return $"Config file '{path}' is not a text file (it contains NUL bytes); give a JSON or YAML file";
            }

            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer, 0, length).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException)
            {
                return $"Config file '{path}' is not UTF-8 text";
            }

            return null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"Config file '{path}' not found";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"Config file '{path}' cannot be read: {e.Message}";
        }
    }
}
