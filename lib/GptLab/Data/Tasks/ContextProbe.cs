namespace GptLab.Data.Tasks;

/// <summary>
/// One held-out question of the context family (<see cref="ContextTask.HeldOut"/>): the <paramref name="Conversation"/>,
/// the same with the telling deleted (<paramref name="Ablated"/>: the statement, or for <see cref="ContextForm.Changed"/> the
/// change, so that the earlier value is the last one told), the exchanges between the telling and the question, and the
/// answer before the change (<paramref name="FormerAnswer"/>, null for the other forms). <paramref name="Item"/> names the
/// value asked about, the unit that repeated questions share.
/// </summary>
public sealed record ContextProbe(ChatExample Conversation, ChatExample Ablated, ContextForm Form, int Intervening, int Item, string? FormerAnswer);
