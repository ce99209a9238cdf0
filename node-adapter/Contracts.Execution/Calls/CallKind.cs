namespace Contracts.Execution.Calls;

/// <summary>How a frame was entered.</summary>
public enum CallKind
{
    Call,
    StaticCall,
    Create,
    Create2,
}
