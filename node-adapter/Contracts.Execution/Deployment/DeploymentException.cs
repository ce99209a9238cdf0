namespace Contracts.Execution.Deployment;

/// <summary>Deploy data (or stored code) that cannot become a contract; the message names what and where.</summary>
public sealed class DeploymentException : Exception
{
    public DeploymentException(string message) : base(message)
    {
    }

    public DeploymentException(string message, Exception inner) : base(message, inner)
    {
    }
}
