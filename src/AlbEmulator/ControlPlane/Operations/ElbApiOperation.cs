using AlbEmulator.ControlPlane.Query;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>One ELBv2 action: reads its parameters, acts on the control plane, returns the members of its Result element.</summary>
internal delegate IEnumerable<object?> ElbApiOperation(QueryParameters request, AlbControlPlane controlPlane);
