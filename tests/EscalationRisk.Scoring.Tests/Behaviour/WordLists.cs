namespace EscalationRisk.Scoring.Tests.Behaviour;

/// <summary>
/// The behavioural suite's fillers, written by the team: actors, numbers, days and places that templates take in their
/// slots. <c>{A}</c>, <c>{B}</c> and <c>{C}</c> are three different states, <c>{N}</c> a number, <c>{D}</c> a day,
/// <c>{P}</c> a place, <c>{X}</c> a club or company, <c>{Y}</c> a person's name.
/// </summary>
internal static class WordLists
{
    public static readonly string[] EnglishStates =
    [
        "Iran", "Israel", "Turkey", "Russia", "Ukraine", "China", "India", "Pakistan", "Egypt", "Ethiopia", "Sudan",
        "Armenia", "Azerbaijan", "Serbia", "Venezuela", "Colombia", "North Korea", "South Korea", "Japan", "Saudi Arabia",
        "Algeria", "Morocco", "Eritrea", "Somalia", "Greece", "Syria", "Iraq", "Lebanon", "Afghanistan", "Peru",
    ];

    /// <summary>States whose Arabic names take a feminine verb, so that one template fits them all.</summary>
    public static readonly string[] ArabicStates =
    [
        "إيران", "إسرائيل", "تركيا", "روسيا", "أوكرانيا", "الصين", "الهند", "باكستان", "مصر", "إثيوبيا", "إريتريا",
        "أرمينيا", "أذربيجان", "صربيا", "فنزويلا", "كولومبيا", "كوريا الشمالية", "كوريا الجنوبية", "اليابان", "السعودية",
        "الجزائر", "سوريا", "اليونان", "الصومال", "كينيا", "ليبيا", "قطر", "الإمارات", "بريطانيا", "فرنسا",
    ];

    public static readonly string[] EnglishNumbers = ["three", "five", "12", "40", "200", "1,500", "seven", "dozens of"];

    public static readonly string[] ArabicNumbers = ["ثلاثة", "خمسة", "12", "40", "200", "1500", "سبعة", "عشرات"];

    public static readonly string[] EnglishDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static readonly string[] ArabicDays = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"];

    public static readonly string[] EnglishPlaces = ["the northern border", "the coastal province", "the disputed valley", "the eastern desert", "the mountain pass", "the southern port"];

    public static readonly string[] ArabicPlaces = ["المنطقة الحدودية الشمالية", "المحافظة الساحلية", "الوادي المتنازع عليه", "الصحراء الشرقية", "الممر الجبلي", "الميناء الجنوبي"];

    public static readonly string[] EnglishClubs = ["Riverside United", "Northgate Athletic", "Port City FC", "Valley Rovers", "Harbour Town", "Eastfield Wanderers"];

    public static readonly string[] ArabicClubs = ["نادي النجوم", "فريق الاتحاد الساحلي", "نادي الشروق", "فريق الوحدة", "نادي الرياح", "فريق الأمل"];

    public static readonly string[] EnglishCompanies = ["Norvex Holdings", "Caldera Mining", "Bluewater Telecom", "Artemis Foods", "Helion Motors", "Sorel Pharma"];

    public static readonly string[] ArabicCompanies = ["شركة النور القابضة", "مجموعة الأفق للتعدين", "شركة الموج للاتصالات", "شركة السنابل للأغذية", "مجموعة الهلال للسيارات", "شركة الشفاء للأدوية"];

    public static readonly string[] EnglishNames = ["Marco Silva", "Daniel Okafor", "Yusuf Kaya", "Luis Moreno", "Kenji Sato", "Omar Haddad"];

    public static readonly string[] ArabicNames = ["محمد صلاح الدين", "كريم العلي", "يوسف الحداد", "سامي منصور", "عمر الخطيب", "طارق ناصر"];

    /// <summary>Unrelated neutral sentences that invariance appends: they must change no label.</summary>
    public static readonly string[] EnglishNeutralTails =
    [
        "Separately, the central bank kept its benchmark interest rate unchanged.",
        "The weather service forecast light rain for the capital later in the week.",
        "Officials also opened a new children's hospital in the north of the country.",
    ];

    public static readonly string[] ArabicNeutralTails =
    [
        "من جهة أخرى، أبقى البنك المركزي سعر الفائدة الرئيسي دون تغيير.",
        "وتوقعت هيئة الأرصاد هطول أمطار خفيفة على العاصمة خلال الأسبوع.",
        "كما افتتح المسؤولون مستشفى جديدا للأطفال في شمال البلاد.",
    ];
}
