using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace IuvIssuance.Notices;

// A PDF document of notices for one EC: one position's pages, or many (a batch part).
internal sealed class NoticePdf : IDisposable
{
    private readonly PdfDocument _document = new();
    private readonly MemoryStream? _logoBytes;
    private readonly XImage? _logo;

    public NoticePdf(NoticeTemplate template, string title)
    {
        _document.Info.Title = title;
        _document.Info.Creator = "IuvIssuance";
        if (template.Logo is not null)
        {
            // One image object per document, however many pages show it.
            _logoBytes = new MemoryStream(template.Logo, writable: false);
            _logo = XImage.FromStream(_logoBytes);
        }
    }

    public int PageCount => _document.PageCount;

    public void Add(IReadOnlyList<NoticePage> pages) => NoticeRenderer.Render(_document, pages, _logo);

    public void Save(Stream output) => _document.Save(output, closeStream: false);

    public byte[] ToArray()
    {
        using var output = new MemoryStream();
        Save(output);
        return output.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _logo?.Dispose();
        _logoBytes?.Dispose();
    }
}
