namespace GptLab.Data.Tasks;

/// <summary>What a <see cref="Fact"/> of the <see cref="FactWorld"/> says about a character.</summary>
public enum FactKind
{
    /// <summary>The animal they keep: "Tobin has a pet goat."</summary>
    Pet,

    /// <summary>The colour they love: "Tobin loves the colour green."</summary>
    Colour,

    /// <summary>The (invented) town they live in: "Tobin lives in Varnok Hill."</summary>
    Town,

    /// <summary>The food they like: "Tobin likes to eat plums."</summary>
    Food,

    /// <summary>Their job: "Tobin is a baker."</summary>
    Job,
}
