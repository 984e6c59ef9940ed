using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Web.Pages.Portale;

// Every error page (status code pages and unhandled exceptions): a message, never a stack trace.
[IgnoreAntiforgeryToken]
public sealed class ErroreModel : PageModel
{
    [FromQuery(Name = "code")] public int? Status { get; set; }
    public int Code => Status ?? 500;

    public void OnGet() { }

    public void OnPost() { }
}
