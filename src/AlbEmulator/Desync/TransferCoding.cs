namespace AlbEmulator.Desync;

/// <summary>One Transfer-Encoding list item as the classifier sees it.</summary>
internal enum TransferCoding
{
    /// <summary>Not one of chunked, compress, deflate, gzip, identity.</summary>
    Unknown = 0,

    Chunked = 1,

    /// <summary>compress, deflate, gzip or identity.</summary>
    Other = 2,
}
