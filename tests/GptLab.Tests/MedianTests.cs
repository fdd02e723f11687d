namespace GptLab.Tests;

public sealed class MedianTests
{
    [Fact]
    public void Odd_counts_take_the_middle_value_and_even_counts_the_mean_of_the_two_middle_ones()
    {
        Assert.Equal(3.0, Median.Of([9.0, 1.0, 3.0]));
        Assert.Equal(2.5, Median.Of([4.0, 1.0, 2.0, 3.0]));
        Assert.Equal(7.0, Median.Of([7.0]));
    }

    [Fact]
    public void One_outlier_does_not_move_it()
    {
        Assert.Equal(11.0, Median.Of([10.0, 11.0, 1e9]));
    }

    [Fact]
    public void No_values_is_an_error() => Assert.Throws<ArgumentException>(() => Median.Of([]));
}
