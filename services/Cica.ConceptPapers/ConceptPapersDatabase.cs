using Cica.Persistence;

namespace Cica.ConceptPapers;

/// <summary>The Concept Papers service's own database.</summary>
public sealed class ConceptPapersDatabase(DatabaseOptions options) : Database(options);
