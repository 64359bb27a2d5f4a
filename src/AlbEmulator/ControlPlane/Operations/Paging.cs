using System.Globalization;
using AlbEmulator.ControlPlane.Query;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// <c>Marker</c> / <c>PageSize</c> (1–400) pagination of the Describe calls (alb-observability-api §4.3):
/// the marker is the offset of the next item, returned as <c>NextMarker</c> while items remain.
/// </summary>
internal static class Paging
{
    public const int MaxPageSize = 400;

    public static IEnumerable<object?> Page<T>(QueryParameters request, IReadOnlyList<T> all, string listName, Func<T, IEnumerable<object?>> write)
    {
        var size = request.GetInt("PageSize", 1, MaxPageSize) ?? MaxPageSize;
        var start = 0;
        if (request.Get("Marker") is { } marker
            && (!int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            throw AlbApiError.Validation($"The marker '{marker}' is not valid");
        }

        var page = all.Skip(start).Take(size).ToArray();
        var next = start + page.Length;
        return
        [
            QueryXml.StructList(listName, page, write),
            QueryXml.E("NextMarker", next < all.Count ? next.ToString(CultureInfo.InvariantCulture) : null),
        ];
    }
}
