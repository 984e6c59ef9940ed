namespace Gateway;

// Header values must be visible ASCII (RFC 9110 allows obs-text, but no service reads it and the proxy cannot forward
// it: it answered 502 on every route). Refused at the edge with a 400 naming the header.
internal static class HeaderHygiene
{
    public static WebApplication UseHeaderHygiene(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            foreach (var (name, values) in context.Request.Headers)
                foreach (var value in values)
                    if (value is not null && value.AsSpan().ContainsAnyExceptInRange(' ', '~') && value.AsSpan().ContainsAnyExcept(VisibleOrTab))
                    {
                        await Results.Problem($"The value of header {Printable(name)} holds characters other than visible ASCII.",
                            statusCode: StatusCodes.Status400BadRequest, title: "Invalid header").ExecuteAsync(context);
                        return;
                    }
            await next(context);
        });
        return app;
    }

    private static readonly System.Buffers.SearchValues<char> VisibleOrTab =
        System.Buffers.SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static string Printable(string name) => name.All(c => c is > ' ' and <= '~') ? name : "(unprintable name)";
}
