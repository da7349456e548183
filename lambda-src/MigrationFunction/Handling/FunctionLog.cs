using System.Text.Json;

namespace MigrationFunction.Handling;

/// <summary>One JSON object per line on stdout, which CloudWatch Logs keeps and Logs Insights queries by field.</summary>
internal sealed class FunctionLog(TextWriter writer, string requestId, string? action)
{
    public void Write(string level, string message, int statusCode, string? planHash)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", level);
            json.WriteString("requestId", requestId);
            json.WriteString("action", action);
            json.WriteString("message", message);
            if (statusCode > 0)
                json.WriteNumber("statusCode", statusCode);
            if (planHash is not null)
                json.WriteString("planHash", planHash);
            json.WriteEndObject();
        }
        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
