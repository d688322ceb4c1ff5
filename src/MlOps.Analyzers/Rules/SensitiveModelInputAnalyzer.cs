using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlOps.Analyzers.Infrastructure;

namespace MlOps.Analyzers.Rules;

/// <summary>
/// MLOPS004: a sensitive attribute (by name, from <c>mlops.sensitive_names</c> or the default list) is a
/// model input. Three shapes: a column of an ML.NET input type (a member with <c>[LoadColumn]</c> /
/// <c>[ColumnName]</c>, or any public field or property of a type used as the input of <c>PredictionEngine</c>,
/// <c>PredictionEnginePool</c>, <c>CreatePredictionEngine</c> or <c>LoadFromEnumerable</c>);
/// an ONNX input named by a constant (<c>NamedOnnxValue.CreateFromTensor("age", ...)</c>, the
/// <c>inputNames</c> of <c>InferenceSession.Run</c>); and a numeric feature array that gets a sensitive
/// value and, in the same function, goes into a tensor or an inference call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SensitiveModelInputAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SensitiveModelInput,
        title: "Sensitive attribute used as a model input",
        messageFormat: "'{0}' looks like the sensitive attribute '{1}' and is used as a model input; document the lawful basis and the fairness evidence, or drop it",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Protected characteristics used as model features need a documented justification and fairness evidence. The list is set with mlops.sensitive_names in .editorconfig.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.SensitiveModelInput));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Nothing that binds here (see GovernedApiGate): the compiler is still resolving references.
            if (!GovernanceCalls.MayApply(start.Compilation, start.Options, MlOpsOptions.InferenceMethodsKey))
            {
                return;
            }

            var lazyCalls = GovernanceCalls.Deferred(start.Compilation, start.Options);
            if (GovernedApiGate.MayUseGovernedApis(start.Compilation))
            {
                // One report per member, however many columns attributes and usages point at it.
                var reported = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                start.RegisterSymbolAction(
                    c =>
                    {
                        var calls = lazyCalls.Value;
                        if (calls.Symbols.LoadColumnAttribute is not null || calls.Symbols.ColumnNameAttribute is not null)
                        {
                            AnalyzeColumn(c, calls, reported);
                        }

                        // PredictionEngine<TSrc, TDst> held in a field or property: TSrc is an input type.
                        var memberType = c.Symbol switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
                        if (memberType is INamedTypeSymbol { TypeArguments.Length: 2 } engine && calls.Symbols.IsPredictionEngine(engine))
                        {
                            ReportInputType(engine.TypeArguments[0], calls, reported, c.ReportDiagnostic);
                        }
                    },
                    SymbolKind.Property,
                    SymbolKind.Field);
                start.RegisterOperationAction(
                    c =>
                    {
                        var calls = lazyCalls.Value;
                        if (InputTypeOf((IInvocationOperation)c.Operation, calls.Symbols) is { } input)
                        {
                            ReportInputType(input, calls, reported, c.ReportDiagnostic);
                        }
                    },
                    OperationKind.Invocation);
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                var calls = lazyCalls.Value;
                if (calls.CanInferAnywhere)
                {
                    OnBlockStart(block, calls);
                }
            });
        });
    }

    private static void AnalyzeColumn(SymbolAnalysisContext context, GovernanceCalls calls, ConcurrentDictionary<ISymbol, bool> reported)
    {
        var symbol = context.Symbol;
        if (symbol.Locations.IsEmpty || !symbol.Locations[0].IsInSource)
        {
            return;
        }

        var isColumn = false;
        foreach (var attribute in symbol.GetAttributes())
        {
            var type = attribute.AttributeClass;
            isColumn |= type is not null
                && (SymbolEqualityComparer.Default.Equals(type, calls.Symbols.LoadColumnAttribute)
                    || SymbolEqualityComparer.Default.Equals(type, calls.Symbols.ColumnNameAttribute));
        }

        if (isColumn)
        {
            ReportMember(symbol, calls, reported, context.ReportDiagnostic);
        }
    }

    /// <summary>
    /// The ML.NET input type an invocation reveals: <c>CreatePredictionEngine&lt;TSrc, TDst&gt;</c>,
    /// <c>LoadFromEnumerable&lt;T&gt;</c>, or any call on a <c>PredictionEngine</c> / <c>PredictionEnginePool</c>
    /// (<c>Predict</c>, <c>GetPredictionEngine</c>, ...), whose first type argument is the input.
    /// </summary>
    private static ITypeSymbol? InputTypeOf(IInvocationOperation invocation, KnownSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return null;
        }

        if (method.TypeArguments.Length > 0
            && ((method.Name == "CreatePredictionEngine" && SymbolEqualityComparer.Default.Equals(type, symbols.ModelOperationsCatalog))
                || (method.Name == "LoadFromEnumerable" && SymbolEqualityComparer.Default.Equals(type, symbols.DataOperationsCatalog))))
        {
            return method.TypeArguments[0];
        }

        return symbols.IsPredictionEngine(method.ContainingType) ? method.ContainingType!.TypeArguments[0] : null;
    }

    /// <summary>Every column of an input type (its public instance fields and properties, base types included).</summary>
    private static void ReportInputType(ITypeSymbol input, GovernanceCalls calls, ConcurrentDictionary<ISymbol, bool> reported, System.Action<Diagnostic> report)
    {
        for (var type = input as INamedTypeSymbol; type is not null && type.Locations.Length > 0 && type.Locations[0].IsInSource; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol or IPropertySymbol && !member.IsStatic && !member.IsImplicitlyDeclared
                    && member.DeclaredAccessibility == Accessibility.Public && !member.Locations.IsEmpty && member.Locations[0].IsInSource)
                {
                    ReportMember(member, calls, reported, report);
                }
            }
        }
    }

    /// <summary>Reports a column whose name, or its <c>[ColumnName]</c> text, is sensitive; once per member.</summary>
    private static void ReportMember(ISymbol member, GovernanceCalls calls, ConcurrentDictionary<ISymbol, bool> reported, System.Action<Diagnostic> report)
    {
        string? columnName = null;
        foreach (var attribute in member.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, calls.Symbols.ColumnNameAttribute)
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
            {
                columnName = name;
            }
        }

        var sensitive = calls.OptionsFor(member.Locations[0].SourceTree!).SensitiveNames;
        var label = member.Name;
        var match = sensitive.Match(member.Name);
        if (match is null && columnName is not null)
        {
            label = columnName;
            match = sensitive.Match(columnName);
        }

        if (match is not null && reported.TryAdd(member, true))
        {
            report(Diagnostic.Create(Rule, member.Locations[0], label, match));
        }
    }

    private static void OnBlockStart(OperationBlockStartAnalysisContext block, GovernanceCalls calls)
    {
        if (block.OperationBlocks.IsEmpty)
        {
            return;
        }

        var options = calls.OptionsFor(block.OperationBlocks[0].Syntax.SyntaxTree);
        if (!calls.CanInfer(options))
        {
            return;
        }

        var state = new BlockState();
        block.RegisterOperationAction(c => OnArrayCreation(c, options, state), OperationKind.ArrayCreation);
        block.RegisterOperationAction(c => OnInvocation(c, calls, options, state), OperationKind.Invocation);
        block.RegisterOperationAction(c => OnObjectCreation(c, calls, state), OperationKind.ObjectCreation);
        block.RegisterOperationBlockEndAction(end => state.Report(end));
    }

    private static void OnArrayCreation(OperationAnalysisContext context, MlOpsOptions options, BlockState state)
    {
        var array = (IArrayCreationOperation)context.Operation;
        if (array.Initializer is null || array.Type is not IArrayTypeSymbol { ElementType: var element } || !IsNumeric(element))
        {
            return;
        }

        List<(IOperation Value, string Name, string Match)>? sensitive = null;
        foreach (var value in array.Initializer.ElementValues)
        {
            var name = ReferencedName(value);
            var match = name is null ? null : options.SensitiveNames.Match(name);
            if (match is not null)
            {
                (sensitive ??= new()).Add((value, name!, match));
            }
        }

        if (sensitive is null)
        {
            return;
        }

        var owner = Unwrap(array);
        ILocalSymbol? local = owner.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
        lock (state)
        {
            state.Arrays.Add(new FeatureArray(sensitive, local, array.Syntax));
        }
    }

    private static void OnInvocation(OperationAnalysisContext context, GovernanceCalls calls, MlOpsOptions options, BlockState state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var s = calls.Symbols;
        var type = method.ContainingType?.OriginalDefinition;
        var isInference = calls.IsInference(method, options);
        var isTensorSink = isInference
            || (s.NamedOnnxValue is not null && SymbolEqualityComparer.Default.Equals(type, s.NamedOnnxValue))
            || (s.OrtValue is not null && SymbolEqualityComparer.Default.Equals(type, s.OrtValue));
        if (!isTensorSink)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            // Named ONNX inputs: NamedOnnxValue.CreateFromTensor("age", ...), Run(..., inputNames: new[] { "age" }, ...).
            var parameter = argument.Parameter?.Name;
            var names = parameter is "name" or "inputNames" ? Constants(argument.Value)
                : parameter is "inputs" ? DictionaryKeys(argument.Value)
                : null;
            if (names is not null)
            {
                foreach (var text in names)
                {
                    var match = options.SensitiveNames.Match((string)text.ConstantValue.Value!);
                    if (match is not null)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, text.Syntax.GetLocation(), text.ConstantValue.Value, match));
                    }
                }
            }

            state.AddSink(argument.Value);
        }
    }

    private static void OnObjectCreation(OperationAnalysisContext context, GovernanceCalls calls, BlockState state)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var tensor = calls.Symbols.DenseTensor;
        if (tensor is not null && creation.Constructor is not null
            && SymbolEqualityComparer.Default.Equals(creation.Constructor.ContainingType.OriginalDefinition, tensor))
        {
            foreach (var argument in creation.Arguments)
            {
                state.AddSink(argument.Value);
            }
        }
    }

    /// <summary>
    /// The constant keys of a dictionary created in place: <c>Run(runOptions, new Dictionary&lt;string, OrtValue&gt;
    /// { ["age"] = v }, outputNames)</c> or <c>{ { "age", v } }</c>.
    /// </summary>
    private static IEnumerable<IOperation> DictionaryKeys(IOperation value)
    {
        if (Unwrap(value) is not IObjectCreationOperation { Initializer: { } initializer })
        {
            yield break;
        }

        foreach (var element in initializer.Initializers)
        {
            var key = element switch
            {
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } => indexer.Arguments[0].Value,
                IInvocationOperation { Arguments.Length: 2 } add => add.Arguments[0].Value,
                _ => null,
            };
            if (key is not null && Unwrap(key) is { ConstantValue: { HasValue: true, Value: string } } constant)
            {
                yield return constant;
            }
        }
    }

    private static IEnumerable<IOperation> Constants(IOperation value)
    {
        value = Unwrap(value);
        if (value.ConstantValue.HasValue && value.ConstantValue.Value is string)
        {
            yield return value;
        }
        else if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                var unwrapped = Unwrap(element);
                if (unwrapped.ConstantValue.HasValue && unwrapped.ConstantValue.Value is string)
                {
                    yield return unwrapped;
                }
            }
        }
    }

    private static string? ReferencedName(IOperation value) => Unwrap(value) switch
    {
        IPropertyReferenceOperation p => p.Property.Name,
        IFieldReferenceOperation f => f.Field.Name,
        ILocalReferenceOperation l => l.Local.Name,
        IParameterReferenceOperation p => p.Parameter.Name,
        _ => null,
    };

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsNumeric(ITypeSymbol type) => type.SpecialType is SpecialType.System_Single or SpecialType.System_Double
        or SpecialType.System_Int64 or SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_Byte
        or SpecialType.System_SByte or SpecialType.System_Boolean or SpecialType.System_Decimal;

    private sealed class FeatureArray
    {
        public FeatureArray(List<(IOperation Value, string Name, string Match)> sensitive, ILocalSymbol? local, SyntaxNode syntax)
        {
            Sensitive = sensitive;
            Local = local;
            Syntax = syntax;
        }

        public List<(IOperation Value, string Name, string Match)> Sensitive { get; }

        public ILocalSymbol? Local { get; }

        public SyntaxNode Syntax { get; }
    }

    /// <summary>What one function builds and where it goes; reported once the whole function was seen.</summary>
    private sealed class BlockState
    {
        public List<FeatureArray> Arrays { get; } = new();

        private HashSet<ILocalSymbol> SinkLocals { get; } = new(SymbolEqualityComparer.Default);

        private HashSet<SyntaxNode> SinkArrays { get; } = new();

        public void AddSink(IOperation value)
        {
            value = Unwrap(value);
            // features.AsMemory(), features.AsSpan(): the receiver is what flows in.
            while (value is IInvocationOperation { Instance: { } receiver })
            {
                value = Unwrap(receiver);
            }

            if (value is IInvocationOperation { Instance: null, Arguments.Length: > 0 } extension)
            {
                value = Unwrap(extension.Arguments[0].Value);
            }

            lock (this)
            {
                if (value is ILocalReferenceOperation local)
                {
                    SinkLocals.Add(local.Local);
                }
                else if (value is IArrayCreationOperation)
                {
                    SinkArrays.Add(value.Syntax);
                }
            }
        }

        public void Report(OperationBlockAnalysisContext context)
        {
            lock (this)
            {
                foreach (var array in Arrays)
                {
                    var flows = (array.Local is not null && SinkLocals.Contains(array.Local))
                        || SinkArrays.Contains(array.Syntax);
                    if (!flows)
                    {
                        continue;
                    }

                    foreach (var (value, name, match) in array.Sensitive)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), name, match));
                    }
                }
            }
        }
    }
}
