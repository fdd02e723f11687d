namespace GptLab.Data;

/// <summary>One example of a text classification task: the text and the index of its label.</summary>
public sealed record LabeledText(string Text, int Label);
